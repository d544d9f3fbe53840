package dev.audguard.jaxrs;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22 item 7 for a plain JUnit 5 test of a Jakarta REST application: the extension starts the
 * issuer and hands the application its {@code keycloak.json}; one line configures the feature.
 */
class ReferenceIssuerExtensionKeycloakJsonIT {

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @Test
    void aKeycloakJsonFromTheExtensionGivesTheRightAnswers(RealmHandle demo) {
        String bob = demo.passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();      // aud service-b, reports-api
        String alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken(); // aud service-b

        try (TestServer server = JerseyServer.start(new RulesApp(BearerTokenFeature.keycloak(issuer.keycloakJson("reports-api"))))) {
            assertThat(Http.bearer(server.uri("/reports?role=viewer"), bob).statusCode()).isEqualTo(200);

            HttpResponse<String> refused = Http.bearer(server.uri("/orders"), alice);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer realm=\"demo\", error=\"invalid_token\"");
            assertThat(Http.get(server.uri("/orders")).statusCode()).isEqualTo(401);
        }
    }
}
