package dev.audguard.servlet;

import dev.audguard.core.KeycloakAdapterConfig;
import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.KeycloakJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A service moving off Keycloak's adapter keeps its keycloak.json: audience, principal attribute and resource roles come from it. */
class KeycloakJsonIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @TempDir
    Path dir;

    private Path keycloakJson() throws IOException {
        return KeycloakJson.write(dir, issuer.realm("demo").issuerUrl(), "reports-api");
    }

    @Test
    void theInitParameterPointingAtKeycloakJsonConfiguresTheFilter() throws IOException {
        Map<String, String> params = Map.of("keycloak-config-file", keycloakJson().toString());

        try (JettyServer jetty = JettyServer.start(JettyServer.App.configuredBy("/app", params))) {
            assertAsKeycloakWould(jetty);
        }
    }

    @Test
    void theBuilderTakesTheSameFile() throws IOException {
        KeycloakAdapterConfig config = KeycloakAdapterConfig.load(keycloakJson());
        BearerTokenFilter filter = BearerTokenFilter.builder(TokenValidator.builder().keycloak(config).build())
                .keycloak(config)
                .build();

        try (JettyServer jetty = JettyServer.start(JettyServer.App.of("/app", filter))) {
            assertAsKeycloakWould(jetty);
        }
    }

    private static void assertAsKeycloakWould(JettyServer jetty) {
        RealmHandle demo = issuer.realm("demo");
        String bob = demo.passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();      // aud service-b, reports-api
        String alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken(); // aud service-b

        Map<String, String> seen = Http.lines(Http.bearer(jetty.uri("/app/reports?role=viewer"), bob));
        assertThat(seen).containsEntry("principal", "bob").containsEntry("role:viewer", "true");

        var refused = Http.bearer(jetty.uri("/app/reports"), alice);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"demo\", error=\"invalid_token\"");
    }
}
