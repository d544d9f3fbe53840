package dev.audguard.servlet;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.issuer.ExplainRefusalsContract;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The init parameter explain-refusals=true: a refused token is explained at WARN over real HTTP, the token never logged. */
class ExplainRefusalsIT extends ExplainRefusalsContract {
    @Override
    protected int send(RealmHandle demo, String token) {
        Map<String, String> params = Map.of("issuer", demo.issuerUrl(), "audience", "service-b", "explain-refusals", "true");
        int status;
        try (JettyServer jetty = JettyServer.start(JettyServer.App.configuredBy("/app", params))) {
            status = Http.bearer(jetty.uri("/app/orders"), token).statusCode();
        }
        // the filter states its policy at start-up, beside the explanation
        assertThat(captured.text()).contains("audguard policy: issuers and audiences {" + demo.issuerUrl() + "=one of [service-b]}");
        return status;
    }
}
