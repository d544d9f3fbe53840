package dev.audguard.servlet;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The init parameter explain-refusals=true: a refused token is explained at WARN over real HTTP, the token never logged. */
class ExplainRefusalsIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

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
    void explicitlyExplainedRefusalsNameTheTokensAudienceBesideTheExpectedOne() {
        RealmHandle demo = issuer.realm("demo");
        String foreign = demo.clientCredentials("service-b", "b-secret").accessToken();
        Map<String, String> params = Map.of("issuer", demo.issuerUrl(), "audience", "service-b", "explain-refusals", "true");

        try (JettyServer jetty = JettyServer.start(JettyServer.App.configuredBy("/app", params))) {
            assertThat(Http.bearer(jetty.uri("/app/orders"), foreign).statusCode()).isEqualTo(401);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(Arrays.stream(log.split("\\R")).filter(l -> l.contains("WARN") && l.contains("Token refused")))
                .singleElement().satisfies(line -> assertThat(line)
                        .contains("Token refused (audience_mismatch): token iss=" + demo.issuerUrl())
                        .contains("azp=service-b")
                        .contains("expected iss one of [" + demo.issuerUrl() + "], aud one of [service-b]"));
        assertThat(log).contains("audguard policy: issuers and audiences {" + demo.issuerUrl() + "=one of [service-b]}");
        assertThat(log).doesNotContain(foreign).doesNotContain(foreign.split("\\.")[2]);
    }
}
