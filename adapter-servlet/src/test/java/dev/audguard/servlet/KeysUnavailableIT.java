package dev.audguard.servlet;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** When the issuer's keys cannot be fetched the token cannot be checked: 503 with Retry-After, not 401. */
class KeysUnavailableIT {
    @RegisterExtension
    ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @Test
    void keysUnavailableAnswer503WithRetryAfterAndRecoverOnceTheIssuerIsBack() {
        RealmHandle demo = issuer.realm("demo");
        MutableClock clock = new MutableClock(Instant.now());
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").clock(clock).build();
        BearerTokenFilter filter = BearerTokenFilter.builder(validator)
                .realm("demo")
                .retryAfter(Duration.ofSeconds(7))
                .resourceMetadata(URI.create("https://orders.example.com"))
                .build();
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        demo.faults().discovery(Fault.down()).jwks(Fault.down());

        try (JettyServer jetty = JettyServer.start(JettyServer.App.of("/app", filter))) {
            HttpResponse<String> unavailable = Http.bearer(jetty.uri("/app/orders"), token);

            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.headers().firstValue("Retry-After")).contains("7");
            assertThat(unavailable.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"demo\", "
                    + "resource_metadata=\"https://orders.example.com/.well-known/oauth-protected-resource\"");
            assertThat(unavailable.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(unavailable.body()).isEqualTo("{\"error\":\"temporarily_unavailable\","
                    + "\"error_description\":\"The access token cannot be checked right now; try again later.\"}");

            demo.faults().clear();
            clock.advance(Duration.ofSeconds(2));
            assertThat(Http.bearer(jetty.uri("/app/orders"), token).statusCode()).isEqualTo(200);
        }
    }
}
