package dev.audguard.spring;

import dev.audguard.spring.internal.AudguardConfigurationException;
import dev.audguard.spring.internal.AudguardFailureAnalyzer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the startup-rule and property tests share, servlet and reactive: the servlet context runner
 * (audguard's auto-configuration with Spring Boot's resource-server and servlet security
 * auto-configurations, no properties), the failure analysis a refused start-up shows its user, and
 * the rule cases both stacks refuse alike. Runners are immutable; add properties or configurations
 * to the returned one. Building a validator never touches the network, so the issuers the tests
 * name need not exist.
 */
public final class ContextRunners {
    private ContextRunners() {
    }

    /** audguard and Spring Security's resource server on a servlet stack. */
    public static WebApplicationContextRunner servlet() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
                        OAuth2ResourceServerWebSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
                        ServletWebSecurityAutoConfiguration.class));
    }

    /** The analysis of a start-up that failed with audguard's configuration exception, as its user reads it. */
    public static FailureAnalysis analysis(ApplicationContextAssertProvider<?> context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        FailureAnalysis analysis = new AudguardFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("an audguard configuration failure: %s", NestedExceptionUtils.getMostSpecificCause(failure)).isNotNull();
        assertThat(analysis.getCause()).isInstanceOf(AudguardConfigurationException.class);
        return analysis;
    }

    /** Asserts that start-up failed with exactly {@code description} and {@code action}, as the user reads them. */
    public static ContextConsumer<ApplicationContextAssertProvider<?>> refusesToStart(String description, String action) {
        return context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).isEqualTo(description);
            assertThat(analysis.getAction()).isEqualTo(action);
        };
    }

    /**
     * Asserts that start-up failed with exactly {@code description} and an action that starts with
     * {@code actionStart}, for refusals whose action goes on to name values the test does not fix.
     */
    public static ContextConsumer<ApplicationContextAssertProvider<?>> refusesToStartWithActionStarting(String description,
                                                                                                      String actionStart) {
        return context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).isEqualTo(description);
            assertThat(analysis.getAction()).startsWith(actionStart);
        };
    }

    /** Three path rules of which {@code paths[1]} and {@code paths[2]} are equally specific and can match the same path. */
    public static String[] equallySpecificPathRules() {
        return new String[] {"audguard.paths[0].pattern=/reports/**", "audguard.paths[0].audiences=reports-api",
                "audguard.paths[1].pattern=/v1/{id}", "audguard.paths[1].scopes=orders",
                "audguard.paths[2].pattern=/{version}/me", "audguard.paths[2].scopes=admin"};
    }

    /** Asserts that {@link #equallySpecificPathRules()} refused to start naming both rules and the fix. */
    public static void assertEquallySpecificPathRulesRefused(ApplicationContextAssertProvider<?> context) throws Throwable {
        refusesToStart("audguard: audguard.paths[1] (/v1/{id}) and audguard.paths[2] (/{version}/me) are equally "
                        + "specific and can match the same path, so neither rule could win.",
                "Make one pattern more specific than the other (a literal segment instead of a wildcard or variable), "
                        + "or merge the two into one rule.").accept(context);
    }
}
