package dev.audguard.spring;

import dev.audguard.core.TokenIntrospector;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up refusals of {@code audguard.introspection.*}, each with the exact message a user reads.
 * Building an introspector never touches the network, so the issuer here need not exist.
 */
class IntrospectionPropertiesTest {
    private static final String ISSUER = "http://127.0.0.1:1/realms/demo";
    private static final String ENDPOINT = ISSUER + "/protocol/openid-connect/token/introspect";
    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
                    OAuth2ResourceServerWebSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
                    ServletWebSecurityAutoConfiguration.class))
            .withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b");

    @Test
    void aCompleteIntrospectionConfigurationBuildsTheIntrospectorForTheOnlyIssuer() {
        servlet.withPropertyValues("audguard.introspection.endpoint=" + ENDPOINT, "audguard.introspection.client-id=service-b",
                        "audguard.introspection.client-secret=b-secret", "audguard.introspection.mode=every-token")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(TokenIntrospector.class).issuer()).isEqualTo(ISSUER);
                });
    }

    @Test
    void withoutAnEndpointNoIntrospectorIsBuilt() {
        servlet.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TokenIntrospector.class));
    }

    @Test
    void introspectionPropertiesWithoutAnEndpointRefuseToStart() {
        servlet.withPropertyValues("audguard.introspection.client-id=service-b", "audguard.introspection.client-secret=b-secret")
                .run(context -> {
                    FailureAnalysis analysis = StartupRulesTest.analysis(context);
                    assertThat(analysis.getDescription()).isEqualTo("audguard: audguard.introspection.client-id, "
                            + "audguard.introspection.client-secret are set without audguard.introspection.endpoint, so no "
                            + "token would be introspected.");
                    assertThat(analysis.getAction()).isEqualTo("Set audguard.introspection.endpoint to the issuer's "
                            + "introspection endpoint (Keycloak: ISSUER/protocol/openid-connect/token/introspect), or remove "
                            + "the audguard.introspection.* properties.");
                });
    }

    @Test
    void anUnresolvedPlaceholderInTheClientSecretRefusesToStart() {
        servlet.withPropertyValues("audguard.introspection.endpoint=" + ENDPOINT, "audguard.introspection.client-id=service-b",
                        "audguard.introspection.client-secret=${INTROSPECTION_SECRET}")
                .run(context -> {
                    FailureAnalysis analysis = StartupRulesTest.analysis(context);
                    assertThat(analysis.getDescription()).isEqualTo("audguard: audguard.introspection.client-secret holds "
                            + "the unresolved placeholder ${INTROSPECTION_SECRET}, so its literal text would be sent as the secret.");
                    assertThat(analysis.getAction()).isEqualTo("Define INTROSPECTION_SECRET (an environment variable or a "
                            + "property), or set audguard.introspection.client-secret to the secret itself.");
                });
    }

    @Test
    void aMissingClientSecretRefusesToStartNamingTheProperty() {
        servlet.withPropertyValues("audguard.introspection.endpoint=" + ENDPOINT, "audguard.introspection.client-id=service-b")
                .run(context -> {
                    FailureAnalysis analysis = StartupRulesTest.analysis(context);
                    assertThat(analysis.getDescription()).isEqualTo("audguard: audguard.introspection.client-secret is missing.");
                    assertThat(analysis.getAction()).isEqualTo("Set audguard.introspection.client-secret to the secret of "
                            + "audguard.introspection.client-id (e.g. ${INTROSPECTION_SECRET}).");
                });
    }

    @Test
    void anIssuerThatIsNotTrustedRefusesToStart() {
        servlet.withPropertyValues("audguard.introspection.endpoint=" + ENDPOINT, "audguard.introspection.client-id=service-b",
                        "audguard.introspection.client-secret=b-secret", "audguard.introspection.issuer=" + ISSUER + "/")
                .run(context -> {
                    FailureAnalysis analysis = StartupRulesTest.analysis(context);
                    assertThat(analysis.getDescription()).isEqualTo("audguard: audguard.introspection.issuer (" + ISSUER
                            + "/) is not a trusted issuer [" + ISSUER + "].");
                    assertThat(analysis.getAction()).isEqualTo("Set audguard.introspection.issuer to one of the trusted "
                            + "issuers, exactly as its tokens carry it in iss.");
                });
    }

    @Test
    void aPlainHttpEndpointOnAnotherHostRefusesToStartNamingTheProperty() {
        servlet.withPropertyValues("audguard.introspection.endpoint=http://idp.example.com/introspect",
                        "audguard.introspection.client-id=service-b", "audguard.introspection.client-secret=b-secret")
                .run(context -> assertThat(StartupRulesTest.analysis(context).getDescription())
                        .startsWith("audguard: audguard.introspection.endpoint (http://idp.example.com/introspect)"));
    }

    @Test
    void anInvalidLimitRefusesToStartNamingTheProperty() {
        servlet.withPropertyValues("audguard.introspection.endpoint=" + ENDPOINT, "audguard.introspection.client-id=service-b",
                        "audguard.introspection.client-secret=b-secret", "audguard.introspection.max-in-flight=0")
                .run(context -> {
                    FailureAnalysis analysis = StartupRulesTest.analysis(context);
                    assertThat(analysis.getDescription()).isEqualTo("audguard: audguard.introspection.max-in-flight: "
                            + "maxInFlight must be at least 1");
                    assertThat(analysis.getAction()).isEqualTo("Correct audguard.introspection.max-in-flight.");
                });
    }
}
