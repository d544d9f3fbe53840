package dev.audguard.spring.reactive;

import dev.audguard.core.Requirements;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.spring.AudguardAutoConfiguration;
import dev.audguard.spring.internal.AudguardConfigurationException;
import dev.audguard.spring.internal.AudguardFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start-up refusals of the reactive auto-configuration, each with the exact message a user reads:
 * the same as the servlet side's where the rule is the same. Building a validator never touches the
 * network, so the issuer need not exist.
 */
class ReactiveStartupRulesTest {
    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AudguardReactiveAutoConfiguration.class, AudguardAutoConfiguration.class,
                    ReactiveOAuth2ResourceServerAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class))
            .withPropertyValues(JWT + "issuer-uri=http://127.0.0.1:1/realms/demo", JWT + "audiences=reactive-service");

    @Test
    void twoEquallySpecificPathRulesForOnePathRefuseToStartNamingBothAsServletDoes() {
        reactive.withPropertyValues("audguard.paths[0].pattern=/reports/**", "audguard.paths[0].audiences=reports-api",
                        "audguard.paths[1].pattern=/v1/{id}", "audguard.paths[1].scopes=orders",
                        "audguard.paths[2].pattern=/{version}/me", "audguard.paths[2].scopes=admin")
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription()).isEqualTo("audguard: audguard.paths[1] (/v1/{id}) and "
                            + "audguard.paths[2] (/{version}/me) are equally specific and can match the same path, so "
                            + "neither rule could win.");
                    assertThat(analysis.getAction()).isEqualTo("Make one pattern more specific than the other (a literal "
                            + "segment instead of a wildcard or variable), or merge the two into one rule.");
                });
    }

    @Test
    void equallySpecificPathRulesThatNeverMeetStart() {
        reactive.withPropertyValues("audguard.paths[0].pattern=/reports/*", "audguard.paths[0].audiences=reports-api",
                        "audguard.paths[1].pattern=/admin/*", "audguard.paths[1].scopes=admin")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ReactivePathRules.class));
    }

    @Test
    void reactivePathRulesBuiltInCodeRefuseATieToo() {
        assertThatThrownBy(() -> ReactivePathRules.of(Map.of("/a/*", Requirements.scopes("x"), "/*/b", Requirements.scopes("y"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("are equally specific and can match the same path, so neither can win");
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoSenderConstraints {
        @Bean
        SenderConstraints certificates() {
            return SenderConstraints.builder().certificateBound().build();
        }

        @Bean
        SenderConstraints moreCertificates() {
            return SenderConstraints.builder().certificateBound().build();
        }
    }

    @Test
    void twoSenderConstraintsBeansRefuseToStartRatherThanDropOne() {
        reactive.withUserConfiguration(TwoSenderConstraints.class).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).isEqualTo("audguard: 2 SenderConstraints beans are defined; the reactive "
                    + "front door applies exactly one.");
            assertThat(analysis.getAction()).startsWith("Define one SenderConstraints bean");
        });
    }

    private static FailureAnalysis analysis(ApplicationContextAssertProvider<?> context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new AudguardFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("an audguard configuration failure: %s", context.getStartupFailure()).isNotNull();
        assertThat(analysis.getCause()).isInstanceOf(AudguardConfigurationException.class);
        return analysis;
    }
}
