package dev.audguard.jaxrs;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.KeycloakJson;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9728 metadata, keycloak.json, and 503 when the issuer's keys cannot be had; on Jersey. */
class FeatureOptionsIT {
    @RegisterExtension
    ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @TempDir
    Path dir;

    private RealmHandle demo() {
        return issuer.realm("demo");
    }

    @Test
    void servesTheMetadataWithoutATokenAndPointsChallengesAtIt() {
        TokenValidator validator = TokenValidator.builder().issuer(demo().issuerUrl()).audience("service-b").build();
        BearerTokenFeature feature = BearerTokenFeature.builder(validator)
                .resourceMetadata(URI.create("https://orders.example.com/api"))
                .build();

        try (TestServer server = JerseyServer.start(new RulesApp(feature))) {
            HttpResponse<String> metadata = Http.get(server.uri("/.well-known/oauth-protected-resource/api"));
            assertThat(metadata.statusCode()).isEqualTo(200);
            assertThat(metadata.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
            assertThat(metadata.body()).isEqualTo("{\"resource\":\"https://orders.example.com/api\","
                    + "\"authorization_servers\":[\"" + demo().issuerUrl() + "\"],"
                    + "\"bearer_methods_supported\":[\"header\"],"
                    + "\"scopes_supported\":[\"orders:write\"]}");
            HttpResponse<String> head = Http.send("HEAD", server.uri("/.well-known/oauth-protected-resource/api"));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(Http.send("POST", server.uri("/.well-known/oauth-protected-resource/api")).statusCode()).isNotEqualTo(200);
            assertThat(Http.get(server.uri("/.well-known/oauth-protected-resource")).statusCode()).isNotEqualTo(200);

            HttpResponse<String> challenge = Http.get(server.uri("/orders"));
            assertThat(challenge.statusCode()).isEqualTo(401);
            assertThat(challenge.headers().firstValue("WWW-Authenticate")).contains(
                    "Bearer resource_metadata=\"https://orders.example.com/.well-known/oauth-protected-resource/api\"");
        }
    }

    @Test
    void keysUnavailableAnswer503WithRetryAfterAndRecoverOnceTheIssuerIsBack() {
        MutableClock clock = new MutableClock(Instant.now());
        TokenValidator validator = TokenValidator.builder().issuer(demo().issuerUrl()).audience("service-b").clock(clock).build();
        BearerTokenFeature feature = BearerTokenFeature.builder(validator).realm("demo").retryAfter(Duration.ofSeconds(7)).build();
        String token = demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        demo().faults().discovery(Fault.down()).jwks(Fault.down());

        try (TestServer server = JerseyServer.start(new RulesApp(feature))) {
            HttpResponse<String> unavailable = Http.bearer(server.uri("/orders"), token);

            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.headers().firstValue("Retry-After")).contains("7");
            assertThat(unavailable.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"demo\"");
            assertThat(unavailable.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(unavailable.body()).isEqualTo("{\"error\":\"temporarily_unavailable\","
                    + "\"error_description\":\"The access token cannot be checked right now; try again later.\"}");

            demo().faults().clear();
            clock.advance(Duration.ofSeconds(2));
            assertThat(Http.bearer(server.uri("/orders"), token).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aKeycloakJsonConfiguresTheFeatureInOneLine() throws IOException {
        Path keycloakJson = KeycloakJson.write(dir, demo().issuerUrl(), "reports-api");
        String bob = demo().passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();      // aud service-b, reports-api
        String alice = demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken(); // aud service-b

        try (TestServer server = JerseyServer.start(new RulesApp(BearerTokenFeature.keycloak(keycloakJson)))) {
            Map<String, String> seen = Http.lines(Http.bearer(server.uri("/reports?role=viewer"), bob));
            assertThat(seen).containsEntry("principal", "bob").containsEntry("role:viewer", "true");

            HttpResponse<String> refused = Http.bearer(server.uri("/orders"), alice);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer realm=\"demo\", error=\"invalid_token\"");
        }
    }
}
