package dev.audguard.core;

import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static dev.audguard.core.TestTokens.AUDIENCE;
import static dev.audguard.core.TestTokens.ISSUER;
import static dev.audguard.core.TestTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** With every logger at DEBUG, no token (nor its signature) reaches the log; fingerprints do. */
class NoSecretsInLogsTest {
    @RegisterExtension
    final CapturedLog captured = new CapturedLog();

    @Test
    void acceptedRejectedAndUncheckableTokensNeverReachTheLog() throws Exception {
        MutableClock clock = MutableClock.atDefaultStart();
        TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE)
                .jwks(TestKeys.jwks(TestKeys.RSA)).clock(clock).build();
        String good = valid(clock).sign();
        String wrongAudience = valid(clock).claim("aud", "elsewhere").sign();
        String forged = valid(clock).signedBy(TestKeys.ATTACKER).sign();
        validator.validate(good);
        TokenValidatorTest.reasonOf(() -> validator.validate(wrongAudience));
        TokenValidatorTest.reasonOf(() -> validator.validate(forged));

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String downIssuer = "http://127.0.0.1:" + port + "/realms/demo";
        TokenValidator down = TokenValidator.builder().issuer(downIssuer).audience(AUDIENCE).clock(clock)
                .connectTimeout(Duration.ofMillis(300)).build();
        String uncheckable = valid(clock).claim("iss", downIssuer).sign();
        TokenValidatorTest.reasonOf(() -> down.validate(uncheckable));

        String log = captured.text();
        assertThat(log).contains(Fingerprints.of(wrongAudience)).contains("audience_mismatch").contains("keys_unavailable");
        captured.assertNeverShows(List.of(good, wrongAudience, forged, uncheckable));
    }
}
