package dev.audguard.spring;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.audguard.exchange.ExchangeRequest;
import dev.audguard.exchange.ExchangedToken;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.spring.client.AudguardExchangeAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code audguard.exchange.dpop-private-key-jwk}: the exchanging client of the properties holds
 * that DPoP key, so the reference issuer binds the exchanged token to it ({@code cnf.jkt}, as
 * Keycloak 26 does); a key that cannot be used fails start-up naming the property, never quoting it.
 */
class ExchangeDpopKeyPropertyIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AudguardExchangeAutoConfiguration.class))
            .withUserConfiguration(Properties.class);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AudguardProperties.class)
    static class Properties {
    }

    private ApplicationContextRunner exchangingClient(String dpopKey) {
        return runner.withPropertyValues("audguard.exchange.issuer=" + issuer.realm("demo").issuerUrl(),
                "audguard.exchange.allow-insecure-http=true",
                "audguard.exchange.client-id=service-b", "audguard.exchange.client-secret=b-secret",
                "audguard.exchange.targets.service-c.base-url=http://127.0.0.1:9/api",
                "audguard.exchange.targets.service-c.audience=service-c",
                "audguard.exchange.dpop-private-key-jwk=" + dpopKey);
    }

    @Test
    void theExchangedTokenIsBoundToTheConfiguredKey() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        String subject = issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        exchangingClient(key.toJSONString()).run(context -> {
            assertThat(context).hasNotFailed();
            ExchangedToken exchanged = context.getBean(TokenExchangeClient.class)
                    .exchange(ExchangeRequest.forSubject(subject).audience("service-c").build());

            assertThat(exchanged.tokenType()).isEqualTo("DPoP");
            Map<String, Object> cnf = SignedJWT.parse(exchanged.accessToken()).getJWTClaimsSet().getJSONObjectClaim("cnf");
            assertThat(cnf).containsEntry("jkt", key.computeThumbprint().toString());
        });
    }

    @Test
    void aPublicKeyFailsStartUpNamingThePropertyWithoutQuotingTheKey() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();

        exchangingClient(key.toPublicJWK().toJSONString()).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("public key only");
            assertThat(context.getStartupFailure()).hasMessageContaining("audguard.exchange.dpop-private-key-jwk")
                    .hasMessageNotContaining(key.getX().toString());
        });
    }
}
