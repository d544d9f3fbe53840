package dev.audguard.fuzz;

import dev.audguard.core.BearerTokens;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.internal.JwksParser;
import dev.audguard.exchange.ExchangeRequest;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.exchange.TokenExchangeException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One plain regression test per fuzzing finding (the numbers are those of the module README). Each
 * failed until its owner's fix was merged into this branch.
 */
class FindingsTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";

    /** Finding 1: a scheme preceded by a control character is not the Bearer scheme (RFC 9110 trims SP/HTAB only). */
    @Test
    void fromHeaderWhenUnicodeWhitespacePrecedesTheSchemeThenNoBearerToken() {
        assertThat(BearerTokens.fromHeader("\u001eBearer " + TOKEN)).isEmpty();
        assertThat(BearerTokens.resolve(List.of("\u000bBearer " + TOKEN), null)).isEmpty();
    }

    /** Finding 1: a token followed by a control character is not a b64token. */
    @Test
    void fromHeaderWhenUnicodeWhitespaceFollowsTheTokenThenInvalidRequest() {
        assertThatThrownBy(() -> BearerTokens.fromHeader("Bearer " + TOKEN + "\u001f"))
                .isInstanceOfSatisfying(TokenValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
        assertThatThrownBy(() -> BearerTokens.resolve(List.of("Bearer " + TOKEN + "\u2003"), null))
                .isInstanceOfSatisfying(TokenValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
    }

    /** Finding 2: RFC 7518 section 3.3 counts the modulus, not its padded bytes: a zero-padded RSA-512 key is too short. */
    @Test
    void parseJwksWhenAnRsa512ModulusIsZeroPaddedTo256BytesThenNoUsableKey() throws Exception {
        String jwks = seed("rsa-512-zero-padded-to-2048");

        assertThatThrownBy(() -> JwksParser.parseJwks(jwks)).isInstanceOf(JwksParser.InvalidKeysException.class)
                .hasMessage("no usable keys");
    }

    /** Finding 3: RFC 7517 section 4.3: a key whose key_ops do not include verify is not a verification key. */
    @Test
    void parseJwksWhenKeyOpsAllowOnlyEncryptThenNoUsableKey() throws Exception {
        String jwks = seed("key-ops-encrypt-only");

        assertThatThrownBy(() -> JwksParser.parseJwks(jwks)).isInstanceOf(JwksParser.InvalidKeysException.class)
                .hasMessage("no usable keys");
    }

    /** Finding 4: an issuer error code that is the client secret is dropped, never put into the message. */
    @Test
    void exchangeWhenTheIssuerAnswersTheClientSecretAsItsErrorThenTheFailureDoesNotCarryIt() {
        String secret = "finding-4-client-secret-0123456789";

        assertExchangeFailureHides(401, secret, secret, "finding-4-subject-token-abcdef");
    }

    /** Finding 4: the same for a subject token short enough to look like an error code. */
    @Test
    void exchangeWhenTheIssuerAnswersTheSubjectTokenAsItsErrorThenTheFailureDoesNotCarryIt() {
        String subject = "finding-4-subject-token-abcdef";

        assertExchangeFailureHides(400, subject, "finding-4-client-secret-0123456789", subject);
    }

    /** The issuer answers {@code status} with {@code {"error": echoed}}; the failure must not carry {@code echoed}. */
    private static void assertExchangeFailureHides(int status, String echoed, String clientSecret, String subject) {
        try (LoopbackServer server = new LoopbackServer()) {
            server.answer("/token", LoopbackServer.Answer.json(status, "{\"error\":\"" + echoed + "\"}"));
            TokenExchangeClient client = TokenExchangeClient.builder()
                    .tokenEndpoint(server.base().resolve("/token"))
                    .clientSecret("finding-4-client", clientSecret)
                    .disableCache()
                    .disableRetries()
                    .build();

            assertThatThrownBy(() -> client.exchange(ExchangeRequest.forSubject(subject).audience("b").build()))
                    .isInstanceOfSatisfying(TokenExchangeException.class, e -> {
                        assertThat(e.getMessage()).doesNotContain(echoed);
                        assertThat(e.issuerError()).isEmpty();
                    });
        }
    }

    /**
     * Finding 5: RFC 7797 section 3 / 7: {@code "b64": false} changes the signing input and is not
     * for JWTs; a header carrying it without {@code crit} must not be verified as if it were absent.
     */
    @Test
    void validateWhenTheHeaderSaysB64FalseWithoutCritThenMalformed() throws Exception {
        byte[] input = SeedCorpusTest.read("dev/audguard/fuzz/findings/finding-5-b64-false-without-crit");
        String token = TokenValidatorFuzzTest.tokenOf(input);

        assertThatThrownBy(() -> TokenValidatorFuzzTest.validatorFor(input).validate(token))
                .isInstanceOfSatisfying(TokenValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    /** A committed JWKS seed, without its mode byte. */
    private static String seed(String name) throws java.io.IOException {
        byte[] data = SeedCorpusTest.read("dev/audguard/fuzz/JwksParserFuzzTestInputs/parse/" + name);
        return new String(data, 1, data.length - 1, java.nio.charset.StandardCharsets.UTF_8);
    }
}
