package dev.audguard.servlet;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The init parameter explain-refusals=true: a refused token is explained at WARN over real HTTP, the token never logged. */
class ExplainRefusalsIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @RegisterExtension
    final CapturedLog captured = new CapturedLog();

    @Test
    void explicitlyExplainedRefusalsNameTheTokensAudienceBesideTheExpectedOne() {
        RealmHandle demo = issuer.realm("demo");
        String foreign = demo.clientCredentials("service-b", "b-secret").accessToken();
        Map<String, String> params = Map.of("issuer", demo.issuerUrl(), "audience", "service-b", "explain-refusals", "true");

        try (JettyServer jetty = JettyServer.start(JettyServer.App.configuredBy("/app", params))) {
            assertThat(Http.bearer(jetty.uri("/app/orders"), foreign).statusCode()).isEqualTo(401);
        }

        String log = captured.text();
        assertThat(captured.linesContaining("WARN", "Token refused"))
                .singleElement().satisfies(line -> assertThat(line)
                        .contains("Token refused (audience_mismatch): token iss=" + demo.issuerUrl())
                        .contains("azp=service-b")
                        .contains("expected iss one of [" + demo.issuerUrl() + "], aud one of [service-b]"));
        assertThat(log).contains("audguard policy: issuers and audiences {" + demo.issuerUrl() + "=one of [service-b]}");
        captured.assertNeverShows(List.of(foreign));
    }
}
