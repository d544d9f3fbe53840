package dev.audguard.servlet;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.List;

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
        RealmHandle down = downIssuer.realm("demo");
        BearerTokenFilter filter = BearerTokenFilter.builder(
                TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build()).build();
        BearerTokenFilter uncheckable = BearerTokenFilter.builder(
                TokenValidator.builder().issuer(down.issuerUrl()).audience("service-b").build()).build();
        String good = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        String foreign = demo.clientCredentials("service-b", "b-secret").accessToken();
        String forged = demo.mint().audience("service-b").signedWithUnknownKey().keyId(demo.keys().activeKeyId()).sign();
        String downToken = down.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        down.faults().jwks(Fault.down()).discovery(Fault.down());

        try (JettyServer jetty = JettyServer.start(JettyServer.App.of("/app", filter), JettyServer.App.of("/down", uncheckable))) {
            URI orders = jetty.uri("/app/orders");
            assertThat(Http.bearer(orders, good).statusCode()).isEqualTo(200);
            assertThat(Http.bearer(orders, foreign).statusCode()).isEqualTo(401);
            assertThat(Http.bearer(orders, forged).statusCode()).isEqualTo(401);
            assertThat(Http.get(jetty.uri("/app/orders?access_token=" + good)).statusCode()).isEqualTo(400);
            assertThat(Http.get(orders, "Bearer " + good, "Bearer " + foreign).statusCode()).isEqualTo(400);
            assertThat(Http.bearer(jetty.uri("/down/orders"), downToken).statusCode()).isEqualTo(503);
        } finally {
            down.faults().clear();
        }

        String log = captured.text();
        assertThat(log).contains("Request refused: audience_mismatch").contains("Request refused: invalid_request")
                .contains("Request refused: keys_unavailable");
        captured.assertNeverShows(List.of(good, foreign, forged, downToken));
    }
}
