package dev.audguard.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.audguard.core.TestTokens.AUDIENCE;
import static dev.audguard.core.TestTokens.ISSUER;
import static dev.audguard.core.TestTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** With every logger at DEBUG, no token (nor its signature) reaches the log; fingerprints do. */
class NoSecretsInLogsTest {
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

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains(Fingerprints.of(wrongAudience)).contains("audience_mismatch").contains("keys_unavailable");
        for (String token : new String[] {good, wrongAudience, forged, uncheckable}) {
            assertThat(log).doesNotContain(token)
                    .doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                    .doesNotContain(token.substring(token.indexOf('.') + 1, token.lastIndexOf('.')));
        }
    }
}
