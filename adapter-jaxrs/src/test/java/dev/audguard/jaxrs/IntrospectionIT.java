package dev.audguard.jaxrs;

import dev.audguard.core.IntrospectionHealth;
import dev.audguard.core.IntrospectionMode;
import dev.audguard.core.TokenIntrospector;
import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The feature's introspection option on Jersey against the reference issuer: revocation seen, outage 503, recovery. */
class IntrospectionIT {
    @RegisterExtension
    ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @Test
    void aRevokedJwtIsRefusedAndAnIntrospectionOutageIs503UntilTheIssuerIsBack() {
        RealmHandle demo = issuer.realm("demo");
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build();
        TokenIntrospector introspector = TokenIntrospector.builder(demo.issuerUrl()).discoverEndpoint()
                .clientSecretBasic("service-b", "b-secret").audience("service-b").maxCacheLifetime(Duration.ZERO).build();
        BearerTokenFeature feature = BearerTokenFeature.builder(validator)
                .introspection(introspector, IntrospectionMode.JWT_THEN_INTROSPECT).build();
        String alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        String bob = demo.passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();

        try (TestServer server = JerseyServer.start(new RulesApp(feature))) {
            assertThat(Http.bearer(server.uri("/orders"), alice).statusCode()).isEqualTo(200);
            demo.revoke("service-a", "a-secret", alice);
            HttpResponse<String> revoked = Http.bearer(server.uri("/orders"), alice);
            assertThat(revoked.statusCode()).isEqualTo(401);
            assertThat(revoked.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");

            demo.faults().introspection(Fault.down());
            HttpResponse<String> outage = Http.bearer(server.uri("/orders"), bob);
            assertThat(outage.statusCode()).isEqualTo(503);
            assertThat(outage.headers().firstValue("Retry-After")).isPresent();
            assertThat(introspector.health().status()).isEqualTo(IntrospectionHealth.Status.DOWN);

            demo.faults().clear();
            assertThat(Http.bearer(server.uri("/orders"), bob).statusCode()).isEqualTo(200);
            assertThat(introspector.health().status()).isEqualTo(IntrospectionHealth.Status.UP);
        }
    }
}
