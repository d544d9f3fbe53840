package dev.audguard.servlet;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Introspection turned on by init parameters, on Jetty, against the reference issuer: a revoked
 * token, which a local JWT check alone would still accept, is refused.
 */
class IntrospectionIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @TempDir
    Path dir;

    @Test
    void everyTokenIsIntrospectedWithTheDiscoveredEndpointSoARevokedJwtIsRefused() {
        RealmHandle demo = issuer.realm("demo");
        Map<String, String> params = Map.of("issuer", demo.issuerUrl(), "audience", "service-b",
                "introspection", "every-token", "introspection-client-id", "service-b",
                "introspection-client-secret", "b-secret", "introspection-max-cache-seconds", "0");
        try (JettyServer jetty = JettyServer.start(JettyServer.App.configuredBy("/app", params))) {
            assertRevocationIsSeen(jetty, demo);
        }
    }

    @Test
    void keycloakJsonsResourceAndCredentialsSecretIntrospectInJwtThenIntrospectMode() throws IOException {
        RealmHandle demo = issuer.realm("demo");
        String base = demo.issuerUrl().substring(0, demo.issuerUrl().indexOf("/realms/"));
        Path file = Files.writeString(dir.resolve("keycloak.json"), """
                {"realm": "demo", "auth-server-url": "%s", "resource": "service-b", "credentials": {"secret": "b-secret"}}
                """.formatted(base));
        Map<String, String> params = Map.of("keycloak-config-file", file.toString(), "introspection", "jwt-then-introspect",
                "introspection-endpoint", demo.introspectionEndpoint().toString(), "introspection-max-cache-seconds", "0");
        try (JettyServer jetty = JettyServer.start(JettyServer.App.configuredBy("/app", params))) {
            assertRevocationIsSeen(jetty, demo);
        }
    }

    private static void assertRevocationIsSeen(JettyServer jetty, RealmHandle demo) {
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();   // aud service-b
        assertThat(Http.bearer(jetty.uri("/app/orders"), token).statusCode()).isEqualTo(200);
        demo.revoke("service-a", "a-secret", token);
        var refused = Http.bearer(jetty.uri("/app/orders"), token);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }
}
