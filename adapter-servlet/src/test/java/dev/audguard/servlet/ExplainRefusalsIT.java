package dev.audguard.servlet;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.issuer.ExplainedRefusals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
        String foreign = ExplainedRefusals.foreignToken(demo);
        Map<String, String> params = Map.of("issuer", demo.issuerUrl(), "audience", "service-b", "explain-refusals", "true");

        try (JettyServer jetty = JettyServer.start(JettyServer.App.configuredBy("/app", params))) {
            assertThat(Http.bearer(jetty.uri("/app/orders"), foreign).statusCode()).isEqualTo(401);
        }

        ExplainedRefusals.assertExplainedOnce(captured, demo, foreign);
        assertThat(captured.text()).contains("audguard policy: issuers and audiences {" + demo.issuerUrl() + "=one of [service-b]}");
    }
}
