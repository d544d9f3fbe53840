package dev.audguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.BearerChallenge;
import dev.audguard.core.BearerErrorResponse;
import dev.audguard.exchange.ExchangeRequest;
import dev.audguard.exchange.ExchangedToken;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.exchange.TokenExchangeException;
import dev.audguard.exchange.TokenTypes;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzzes the RFC 8693 token-exchange response: what the issuer's token endpoint answers (status,
 * {@code Retry-After}, body), served by a loopback server to a real {@link TokenExchangeClient}.
 *
 * <p>Input: a control byte (picks the status from a list weighted towards 200, 400 and 5xx), then
 * two fields separated by {@code 0xFF}: the body and the {@code Retry-After} value.
 * {@code {{subject}}} and {@code {{secret}}} in the body become the subject token and the client
 * secret, as an issuer echoing them would send.
 *
 * <p>Properties: {@code exchange} throws nothing but {@link TokenExchangeException}; neither its
 * message, its detail, the kept issuer description nor the error answer built from it carries the
 * subject token or the client secret, and a kept description is RFC 6749 section 5.2 text; a token
 * is returned only for a 200 whose body is a JSON object with a non-empty {@code access_token}
 * (the one returned), {@code token_type} Bearer and an access-token {@code issued_token_type}; each
 * input within {@link Budget}.
 */
class ExchangeResponseFuzzTest {
    private static final int[] STATUSES = {200, 200, 200, 200, 400, 400, 401, 403, 429, 500, 502, 503, 302, 201, 204, 404};
    private static final String SUBJECT = "opaque-subject-token-0123456789abcdefABCDEF";
    private static final String SECRET = "fuzz-client-secret-9876543210";
    private static final Set<String> ACCESS_TOKEN_TYPES = Set.of(TokenTypes.ACCESS_TOKEN, TokenTypes.JWT);
    private static final Pattern RFC6749_DESCRIPTION = Pattern.compile("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*");
    private static final LoopbackServer SERVER = new LoopbackServer();
    private static final TokenExchangeClient CLIENT = TokenExchangeClient.builder()
            .tokenEndpoint(SERVER.base().resolve("/token"))
            .clientSecret("fuzz-client", SECRET)
            .requestTimeout(Duration.ofSeconds(2))
            .clock(Clock.systemUTC())
            .disableCache()
            .disableRetries()
            .build();
    private static final ExchangeRequest REQUEST = ExchangeRequest.forSubject(SUBJECT).audience("service-b").build();

    @FuzzTest
    void exchange(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The entry point of the command-line campaign (fuzz/campaign.sh); the same checks as {@link #exchange}. */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int status = STATUSES[(data[0] & 0xFF) % STATUSES.length];
        List<byte[]> fields = Inputs.fields(data, 1, 2);
        String body = Inputs.text(fields.get(0)).replace("{{subject}}", SUBJECT).replace("{{secret}}", SECRET);
        String retryAfter = Inputs.text(fields.get(1));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (!retryAfter.isEmpty()) {
            headers.put("Retry-After", retryAfter);
        }
        SERVER.answer("/token", new LoopbackServer.Answer(status, headers, body.getBytes(StandardCharsets.UTF_8)));
        Budget.run("ExchangeResponse", Budget.MAX_WALL_MILLIS_OVER_HTTP, () -> check(status, body));
    }

    static void check(int status, String body) {
        ExchangedToken token;
        try {
            token = CLIENT.exchange(REQUEST);
        } catch (TokenExchangeException e) {
            assertNoSecret("message", e.getMessage());
            e.issuerError().ifPresent(error -> assertNoSecret("issuer error", error));
            assertNoSecret("detail", e.detail());
            e.issuerErrorDescription().ifPresent(description -> {
                assertNoSecret("issuer description", description);
                if (!RFC6749_DESCRIPTION.matcher(description).matches()) {
                    throw new AssertionError("a kept issuer description is not RFC 6749 text");
                }
            });
            BearerErrorResponse answer = BearerChallenge.plain().answer(e.refusal());
            assertNoSecret("error answer body", answer.body());
            assertNoSecret("error answer challenge", answer.wwwAuthenticate());
            return;
        }
        Reference.assertAcceptable(status, body, token);
    }

    private static boolean holdsASecret(String text) {
        return text.contains(SUBJECT) || text.contains(SECRET)
                || text.contains(SUBJECT.substring(0, 12)) || text.contains(SECRET.substring(0, 12));
    }

    private static void assertNoSecret(String where, String text) {
        if (text != null && holdsASecret(text)) {
            throw new AssertionError("the " + where + " of a failed exchange carries the subject token or the client secret");
        }
    }

    /** RFC 8693 section 2.2.1 and RFC 6749 section 5.1, read independently. */
    static final class Reference {
        private Reference() {
        }

        static void assertAcceptable(int status, String body, ExchangedToken token) {
            if (status != 200) {
                throw new AssertionError("a token was returned for HTTP " + status);
            }
            Map<String, Object> json;
            try {
                json = JSONObjectUtils.parse(body);
            } catch (ParseException | RuntimeException e) {
                throw new AssertionError("a token was returned for a body that is not a JSON object");
            }
            if (!(json.get("access_token") instanceof String accessToken) || accessToken.isEmpty()
                    || !accessToken.equals(token.accessToken())) {
                throw new AssertionError("the returned token is not the response's access_token");
            }
            if (!(json.get("token_type") instanceof String type) || !type.equalsIgnoreCase("Bearer")) {
                throw new AssertionError("a token was returned whose token_type is not Bearer");
            }
            if (!(json.get("issued_token_type") instanceof String issued) || !ACCESS_TOKEN_TYPES.contains(issued)) {
                throw new AssertionError("a token was returned whose issued_token_type is not an access token");
            }
        }
    }
}
