package dev.audguard.servlet;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.issuer.LogLeakProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** With every audguard logger at DEBUG, accepted, refused and uncheckable tokens never reach the log. */
class NoTokenInLogsIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();
    @RegisterExtension
    static ReferenceIssuerExtension downIssuer = ReferenceIssuerExtension.builtInDemo();

    @RegisterExtension
    final CapturedLog captured = new CapturedLog();

    @Test
    void tokensNeverReachTheLog() {
        RealmHandle demo = issuer.realm("demo");
        BearerTokenFilter filter = BearerTokenFilter.builder(
                TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build()).build();
        LogLeakProbe probe = LogLeakProbe.mint(demo, downIssuer.realm("demo"));
        BearerTokenFilter uncheckable = BearerTokenFilter.builder(probe.uncheckableValidator()).build();
        String good = probe.good();

        try (probe; JettyServer jetty = JettyServer.start(JettyServer.App.of("/app", filter), JettyServer.App.of("/down", uncheckable))) {
            URI orders = jetty.uri("/app/orders");
            assertThat(Http.bearer(orders, good).statusCode()).isEqualTo(200);
            assertThat(Http.bearer(orders, probe.foreign()).statusCode()).isEqualTo(401);
            assertThat(Http.bearer(orders, probe.forged()).statusCode()).isEqualTo(401);
            assertThat(Http.get(jetty.uri("/app/orders?access_token=" + good)).statusCode()).isEqualTo(400);
            assertThat(Http.get(orders, "Bearer " + good, "Bearer " + probe.foreign()).statusCode()).isEqualTo(400);
            assertThat(Http.bearer(jetty.uri("/down/orders"), probe.downToken()).statusCode()).isEqualTo(503);
        }

        String log = captured.text();
        assertThat(log).contains("Request refused: audience_mismatch").contains("Request refused: invalid_request")
                .contains("Request refused: keys_unavailable");
        captured.assertNeverShows(probe.tokens());
    }
}
