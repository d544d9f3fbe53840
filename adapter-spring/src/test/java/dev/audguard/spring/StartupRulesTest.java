package dev.audguard.spring;

import dev.audguard.spring.internal.AudguardConfigurationException;
import dev.audguard.spring.internal.AudguardFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up refusals of configurations audguard cannot honour, each with the exact message a user
 * reads. Building a validator never touches the network, so the issuers here need not exist.
 */
class StartupRulesTest {
    private static final String ISSUER = "http://127.0.0.1:1/realms/demo";
    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class, ReactiveOAuth2ResourceServerAutoConfiguration.class))
            .withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b");

    @Test
    void aReactiveApplicationWithPathRulesRefusesToStartNamingTheProperty() {
        reactive.withPropertyValues("audguard.paths[0].pattern=/reports/**", "audguard.paths[0].audiences=reports-api")
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription()).isEqualTo("audguard: audguard.paths is set, but this is a reactive "
                            + "(WebFlux) application, where audguard does not apply path rules yet: a token without a path's "
                            + "audiences or scopes would be accepted.");
                    assertThat(analysis.getAction()).startsWith("Remove audguard.paths");
                });
    }

    @Test
    void aReactiveApplicationWithoutPathRulesStarts() {
        reactive.run(context -> assertThat(context).hasNotFailed());
    }

    static FailureAnalysis analysis(ApplicationContextAssertProvider<?> context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        FailureAnalysis analysis = new AudguardFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("an audguard configuration failure: %s", failure).isNotNull();
        assertThat(analysis.getCause()).isInstanceOf(AudguardConfigurationException.class);
        return analysis;
    }
}
