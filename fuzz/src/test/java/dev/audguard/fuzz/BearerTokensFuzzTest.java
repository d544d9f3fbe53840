package dev.audguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.audguard.core.BearerChallenge;
import dev.audguard.core.BearerErrorResponse;
import dev.audguard.core.BearerTokens;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes {@link BearerTokens}: the {@code Authorization} header values and the raw query string of
 * a request, and the challenge answered for a refusal.
 *
 * <p>Input: one control byte (low two bits: how many header values, 0 to 3; bit 2: no query at
 * all; bit 3: no header collection at all), then the header values and the query as fields
 * separated by {@code 0xFF}.
 *
 * <p>Properties: only {@link TokenValidationException} with {@link Reason#INVALID_REQUEST} escapes,
 * with the fixed text; the verdict equals an independent RFC 6750 section 2.1 reading written
 * here (a token the SDK returns, the reference returns too, and the other way round); the
 * answer to a refusal (status, challenge, body) is the one fixed answer, so it carries none of the
 * input; each input within {@link Budget}.
 */
class BearerTokensFuzzTest {
    private static final BearerChallenge CHALLENGE = BearerChallenge.builder().realm("fuzz").build();
    private static final BearerErrorResponse FIXED_ANSWER =
            CHALLENGE.forFailure(new TokenValidationException(Reason.INVALID_REQUEST));

    @FuzzTest(maxDuration = "12s")
    void resolve(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The entry point of the command-line campaign (fuzz/campaign.sh); the same checks as {@link #resolve}. */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int control = data[0] & 0xFF;
        int headerCount = control & 3;
        List<byte[]> fields = Inputs.fields(data, 1, headerCount + 1);
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < headerCount; i++) {
            headers.add(Inputs.text(fields.get(i)));
        }
        String query = (control & 4) != 0 ? null : Inputs.text(fields.get(headerCount));
        List<String> given = (control & 8) != 0 ? null : headers;
        Budget.run("BearerTokens", () -> check(given, query));
    }

    static void check(List<String> headers, String query) {
        Verdict expected = Reference.resolve(headers, query);
        Verdict actual;
        try {
            actual = Verdict.of(BearerTokens.resolve(headers, query));
        } catch (TokenValidationException e) {
            if (e.reason() != Reason.INVALID_REQUEST) {
                throw new AssertionError("BearerTokens refused with " + e.reason().code() + ", not invalid_request");
            }
            FixedTexts.assertFixed(e);
            checkChallenge(CHALLENGE.forFailure(e));
            actual = Verdict.INVALID;
        }
        if (!actual.equals(expected)) {
            throw new AssertionError("BearerTokens answered " + actual + " where RFC 6750 reads " + expected
                    + " for headers " + escape(headers) + " and query " + escape(query));
        }
        if (headers != null && headers.size() == 1) {
            Verdict single;
            try {
                single = Verdict.of(BearerTokens.fromHeader(headers.get(0)));
            } catch (TokenValidationException e) {
                FixedTexts.assertFixed(e);
                single = Verdict.INVALID;
            }
            Verdict expectedSingle = Reference.fromHeader(headers.get(0));
            if (!single.equals(expectedSingle)) {
                throw new AssertionError("fromHeader answered " + single + " where RFC 6750 reads " + expectedSingle
                        + " for " + escape(headers));
            }
        }
    }

    /** The answer to an invalid request never depends on the request: it is the one fixed answer. */
    private static void checkChallenge(BearerErrorResponse response) {
        if (!response.equals(FIXED_ANSWER)) {
            throw new AssertionError("the answer to an invalid request differs from the fixed one: " + response.status()
                    + " " + escape(response.wwwAuthenticate()));
        }
    }

    /** Makes control characters visible in a finding's message (the input is the fuzzer's, never a real token). */
    static String escape(Object value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (char c : value.toString().toCharArray()) {
            if (c < 0x20 || c > 0x7E) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A verdict: no token, a token, or invalid_request. */
    record Verdict(String kind, String token) {
        static final Verdict NONE = new Verdict("none", null);
        static final Verdict INVALID = new Verdict("invalid_request", null);

        static Verdict of(Optional<String> token) {
            return token.map(t -> new Verdict("token", t)).orElse(NONE);
        }

        @Override
        public String toString() {
            return token == null ? kind : "token " + escape(token);
        }
    }

    /** RFC 6750 section 2.1 and RFC 9110 read by hand, independently of {@link BearerTokens}. */
    static final class Reference {
        private Reference() {
        }

        static Verdict resolve(List<String> headers, String query) {
            if (query != null && hasAccessToken(query)) {
                return Verdict.INVALID;
            }
            if (headers == null || headers.isEmpty()) {
                return Verdict.NONE;
            }
            if (headers.size() > 1) {
                return Verdict.INVALID;
            }
            return fromHeader(headers.get(0));
        }

        static Verdict fromHeader(String header) {
            if (header == null) {
                return Verdict.NONE;
            }
            // RFC 9110 section 5.5: a field value has no leading or trailing OWS (SP / HTAB)
            int from = 0;
            int to = header.length();
            while (from < to && (header.charAt(from) == ' ' || header.charAt(from) == '\t')) {
                from++;
            }
            while (to > from && (header.charAt(to - 1) == ' ' || header.charAt(to - 1) == '\t')) {
                to--;
            }
            String value = header.substring(from, to);
            int space = value.indexOf(' ');
            String scheme = space < 0 ? value : value.substring(0, space);
            if (!asciiEqualsIgnoreCase(scheme, "Bearer")) {
                return Verdict.NONE;
            }
            if (space < 0) {
                return Verdict.INVALID;
            }
            String token = value.substring(space + 1);
            return isB64Token(token) ? new Verdict("token", token) : Verdict.INVALID;
        }

        /** {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="} */
        private static boolean isB64Token(String token) {
            int i = 0;
            while (i < token.length() && isB64Char(token.charAt(i))) {
                i++;
            }
            if (i == 0) {
                return false;
            }
            while (i < token.length() && token.charAt(i) == '=') {
                i++;
            }
            return i == token.length();
        }

        private static boolean isB64Char(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        }

        private static boolean asciiEqualsIgnoreCase(String a, String b) {
            if (a.length() != b.length()) {
                return false;
            }
            for (int i = 0; i < a.length(); i++) {
                char x = a.charAt(i);
                char y = b.charAt(i);
                if (x >= 'A' && x <= 'Z') {
                    x = (char) (x + 32);
                }
                if (y >= 'A' && y <= 'Z') {
                    y = (char) (y + 32);
                }
                if (x != y) {
                    return false;
                }
            }
            return true;
        }

        /** Any parameter named {@code access_token} once form-decoded, with or without a value. */
        private static boolean hasAccessToken(String query) {
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String decoded;
                try {
                    decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException undecodable) {
                    continue;
                }
                if (decoded.equals("access_token")) {
                    return true;
                }
            }
            return false;
        }
    }
}
