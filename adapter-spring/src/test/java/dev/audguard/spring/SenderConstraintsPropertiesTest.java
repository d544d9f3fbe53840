package dev.audguard.spring;

import dev.audguard.spring.server.AudguardRequestAuthentication;
import dev.audguard.core.binding.DpopPolicy;
import dev.audguard.core.binding.SenderConstraints;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static dev.audguard.spring.ContextRunners.analysis;
import static dev.audguard.spring.ContextRunners.refusesToStartWithActionStarting;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code audguard.dpop.*} and {@code audguard.mtls.*} properties: what they build, and each
 * mistake failing start-up with the property named. Building never touches the network.
 */
class SenderConstraintsPropertiesTest {
    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
                    OAuth2ResourceServerWebSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
                    ServletWebSecurityAutoConfiguration.class))
            .withPropertyValues(JWT + "issuer-uri=http://127.0.0.1:1/realms/demo", JWT + "audiences=service-b");

    @Test
    void buildsDpopAndCertificateBindingFromProperties() {
        servlet.withPropertyValues("audguard.dpop.external-base-url=https://api.example.com", "audguard.dpop.policy=required",
                        "audguard.dpop.algorithms=ES256,PS256", "audguard.mtls.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SenderConstraints constraints = context.getBean(SenderConstraints.class);
                    assertThat(constraints.dpop().orElseThrow().policy()).isEqualTo(DpopPolicy.REQUIRED);
                    assertThat(constraints.dpop().orElseThrow().algorithms()).containsExactly("ES256", "PS256");
                    assertThat(constraints.certificateBinding()).isPresent();
                    assertThat(context).hasSingleBean(AudguardRequestAuthentication.class);
                });
    }

    @Test
    void byDefaultNoSenderConstraintsAndPolicyDisabledAloneAsksForNone() {
        servlet.withPropertyValues("audguard.dpop.policy=disabled").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SenderConstraints.class);
            assertThat(context).doesNotHaveBean(AudguardRequestAuthentication.class);
        });
    }

    @Test
    void aDpopPolicyWithoutTheExternalBaseUrlRefusesToStart() {
        servlet.withPropertyValues("audguard.dpop.policy=required").run(refusesToStartWithActionStarting(
                "audguard: audguard.dpop.policy is required, but audguard.dpop.external-base-url is not set: a DPoP proof's "
                        + "htu is checked against this service's URL as its clients call it, which is never taken from the "
                        + "Host or X-Forwarded-* headers.",
                "Set audguard.dpop.external-base-url"));
    }

    @Test
    void anHmacProofAlgorithmRefusesToStartNamingTheProperty() {
        servlet.withPropertyValues("audguard.dpop.external-base-url=https://api.example.com", "audguard.dpop.algorithms=HS256")
                .run(context -> assertThat(analysis(context).getDescription())
                        .startsWith("audguard: audguard.dpop.algorithms is not usable: DPoP algorithm 'HS256' is not accepted"));
    }

    @Test
    void aPlainHttpExternalUrlOnAnotherHostRefusesToStartNamingTheProperty() {
        servlet.withPropertyValues("audguard.dpop.external-base-url=http://api.example.com")
                .run(context -> assertThat(analysis(context).getDescription())
                        .startsWith("audguard: audguard.dpop.external-base-url is not usable: "));
    }

    @Test
    void aShortNonceSecretRefusesToStartWithoutShowingIt() {
        servlet.withPropertyValues("audguard.dpop.external-base-url=https://api.example.com", "audguard.dpop.nonce-rotation=5m",
                        "audguard.dpop.nonce-secret=tiny-secret-value")
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription()).isEqualTo("audguard: audguard.dpop.nonce-secret is shorter than 32 "
                            + "bytes, too short for the HMAC its nonces are made with.");
                    assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("tiny-secret-value");
                });
    }

    @Test
    void aProxyHeaderWithoutTrustedProxiesRefusesToStart() {
        servlet.withPropertyValues("audguard.mtls.enabled=true", "audguard.mtls.proxy-header-format=envoy")
                .run(context -> assertThat(analysis(context).getDescription()).isEqualTo("audguard: "
                        + "audguard.mtls.proxy-header-format is set, but audguard.mtls.trusted-proxies is empty: the certificate "
                        + "header would be believed from no one."));
    }

    @Test
    void aTrustedProxyNamedByHostNameRefusesToStartNamingTheProperty() {
        servlet.withPropertyValues("audguard.mtls.enabled=true", "audguard.mtls.proxy-header-format=nginx",
                        "audguard.mtls.proxy-header-name=X-SSL-Client-Cert", "audguard.mtls.trusted-proxies=proxy.internal")
                .run(context -> assertThat(analysis(context).getDescription())
                        .startsWith("audguard: audguard.mtls.trusted-proxies is not usable: "));
    }

    @Test
    void proxySettingsWithoutMtlsEnabledRefuseToStart() {
        servlet.withPropertyValues("audguard.mtls.trusted-proxies=10.0.0.0/8")
                .run(context -> assertThat(analysis(context).getAction())
                        .isEqualTo("Set audguard.mtls.enabled=true, or remove the audguard.mtls.* proxy settings."));
    }

    @Test
    void propertiesBesideASenderConstraintsBeanRefuseToStartRatherThanApplyOne() {
        servlet.withUserConfiguration(StartupRulesTest.Certificates.class).withPropertyValues("audguard.mtls.enabled=true")
                .run(context -> assertThat(analysis(context).getDescription()).isEqualTo("audguard: audguard.dpop.* or "
                        + "audguard.mtls.* is set and the application defines the SenderConstraints bean 'certificates', so one "
                        + "of the two would not be applied."));
    }

    @Test
    void anUnknownDpopKeyRefusesToStartNamingTheNearestKnownOne() {
        servlet.withPropertyValues("audguard.dpop.external-base-urls=https://api.example.com")
                .run(context -> assertThat(analysis(context).getDescription()).contains("audguard.dpop.external-base-urls")
                        .contains("audguard.dpop.external-base-url"));
    }
}
