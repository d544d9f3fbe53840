package dev.audguard.spring.reactive;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebFlux resource server honours {@code audguard.explain-refusals=true} as the servlet side does. */
class ReactiveExplainRefusalsIT {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
    }

    @Test
    void explicitlyExplainedRefusalsAreWarningsOnWebFluxToo() throws Exception {
        try (ReactiveService service = new ReactiveService()) {
            RealmHandle demo = service.issuer().realm("demo");
            String foreign = demo.clientCredentials("service-b", "b-secret").accessToken();
            service.start(demo.issuerUrl(), "audguard.explain-refusals", "true");
            assertThat(Http.bearer(service.uri("/api/data"), foreign).statusCode()).isEqualTo(401);
            service.close();

            String log = captured.toString(StandardCharsets.UTF_8);
            assertThat(Arrays.stream(log.split("\\R")).filter(l -> l.contains(" WARN dev.audguard.core.ProtectedResource - Token refused")))
                    .singleElement().satisfies(line -> assertThat(line)
                            .contains("Token refused (audience_mismatch): token iss=" + demo.issuerUrl())
                            .contains("azp=service-b")
                            .contains("expected iss one of [" + demo.issuerUrl() + "], aud one of [reactive-service]"));
            for (String part : foreign.split("\\.")) {
                assertThat(log).doesNotContain(part);
            }
        }
    }
}
