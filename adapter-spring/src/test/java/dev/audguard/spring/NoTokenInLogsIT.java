package dev.audguard.spring;

import dev.audguard.issuer.Fault;
import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With audguard and Spring Security logging at DEBUG, no token, exchanged token or client secret
 * reaches the log: accepted, refused, malformed, query-string and uncheckable tokens, and calls
 * with exchanged tokens.
 */
class NoTokenInLogsIT extends ServiceBTestBase {
    @RegisterExtension
    final CapturedLog captured = new CapturedLog();

    @Test
    void tokensNeverReachTheLog() {
        String good = alice();
        String foreign = TestIssuers.demo().clientCredentials("service-b", "b-secret").accessToken();
        String forged = TestIssuers.demo().mint().audience("service-b").signedWithUnknownKey()
                .keyId(TestIssuers.demo().keys().activeKeyId()).sign();
        String downToken = TestIssuers.down().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        assertThat(Http.bearer(uri("/api/orders"), good).statusCode()).isEqualTo(200);
        assertThat(Http.bearer(uri("/api/orders"), foreign).statusCode()).isEqualTo(401);
        assertThat(Http.bearer(uri("/api/orders"), forged).statusCode()).isEqualTo(401);
        assertThat(Http.get(uri("/api/orders?access_token=" + good)).statusCode()).isEqualTo(400);
        assertThat(Http.get(uri("/api/orders"), "Bearer " + good, "Bearer " + foreign).statusCode()).isEqualTo(400);
        assertThat(Http.bearer(uri("/call-c/flaky"), good).statusCode()).isEqualTo(200);
        TestIssuers.down().faults().discovery(Fault.down()).jwks(Fault.down());
        try {
            assertThat(Http.bearer(uri("/api/orders"), downToken).statusCode()).isEqualTo(503);
        } finally {
            TestIssuers.down().faults().clear();
        }

        String log = captured.text();
        assertThat(log).contains("Request refused: audience_mismatch").contains("Request refused: invalid_request")
                .contains("Request refused: keys_unavailable");
        List<String> secrets = new java.util.ArrayList<>(List.of(good, foreign, forged, downToken));
        ServiceC.received().authorizations().forEach(h -> secrets.add(h.substring("Bearer ".length())));
        assertThat(secrets).hasSizeGreaterThan(4);
        secrets.add("b-secret");
        captured.assertNeverShows(secrets);
    }
}
