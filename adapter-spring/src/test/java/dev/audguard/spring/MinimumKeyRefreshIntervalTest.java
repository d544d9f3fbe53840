package dev.audguard.spring;

import dev.audguard.spring.internal.AudguardConfigurationException;
import org.junit.jupiter.api.Test;
import dev.audguard.core.TokenValidator;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unknown-{@code kid} refresh interval has a 1 s minimum (issue 13 item 5): below it, start-up
 * fails naming the property the user wrote, or the keycloak.json field.
 */
class MinimumKeyRefreshIntervalTest {
    private static final String ISSUER = "http://127.0.0.1:1/realms/demo";

    private final WebApplicationContextRunner bare = ContextRunners.servlet();
    private final WebApplicationContextRunner runner = bare
            .withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + ISSUER,
                    "spring.security.oauth2.resourceserver.jwt.audiences=orders-api");

    private static AudguardConfigurationException configurationFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AudguardConfigurationException configuration) {
                return configuration;
            }
        }
        throw new AssertionError("not an audguard configuration failure", failure);
    }

    /** Asserts that start-up failed with audguard's configuration exception naming {@code setting} and saying {@code rule}. */
    private static ContextConsumer<AssertableWebApplicationContext> failsStartUpNaming(String setting, String rule) {
        return context -> {
            assertThat(context).hasFailed();
            assertThat(configurationFailure(context.getStartupFailure())).hasMessageContaining(setting).hasMessageContaining(rule);
        };
    }

    @Test
    void anIntervalBelowOneSecondFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("audguard.key-cache.unknown-key-refresh-interval=999ms")
                .run(failsStartUpNaming("audguard.key-cache.unknown-key-refresh-interval", "at least 1 s"));
    }

    @Test
    void aKeycloakJsonWithoutAMinimumIntervalFailsStartUpNamingTheField() {
        bare.withPropertyValues("audguard.keycloak-json=classpath:keycloak-no-min-interval.json")
                .run(failsStartUpNaming("audguard.keycloak-json", "\"min-time-between-jwks-requests\" must be at least 1"));
    }

    @Test
    void oneSecondStarts() {
        runner.withPropertyValues("audguard.key-cache.unknown-key-refresh-interval=1s")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(TokenValidator.class));
    }
}
