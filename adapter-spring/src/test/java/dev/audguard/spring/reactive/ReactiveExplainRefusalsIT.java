package dev.audguard.spring.reactive;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebFlux resource server honours {@code audguard.explain-refusals=true} as the servlet side does. */
class ReactiveExplainRefusalsIT {
    @RegisterExtension
    final CapturedLog captured = new CapturedLog();

    @Test
    void explicitlyExplainedRefusalsAreWarningsOnWebFluxToo() throws Exception {
        String issuerUrl;
        String foreign;
        try (ReactiveService service = new ReactiveService()) {
            RealmHandle demo = service.issuer().realm("demo");
            issuerUrl = demo.issuerUrl();
            foreign = demo.clientCredentials("service-b", "b-secret").accessToken();
            service.start(issuerUrl, "audguard.explain-refusals", "true");
            assertThat(Http.bearer(service.uri("/api/data"), foreign).statusCode()).isEqualTo(401);
        }

        assertThat(captured.linesContaining(" WARN dev.audguard.core.ProtectedResource - Token refused"))
                .singleElement().satisfies(line -> assertThat(line)
                        .contains("Token refused (audience_mismatch): token iss=" + issuerUrl)
                        .contains("azp=service-b")
                        .contains("expected iss one of [" + issuerUrl + "], aud one of [reactive-service]"));
        captured.assertNeverShows(List.of(foreign));
    }
}
