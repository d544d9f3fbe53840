package dev.audguard.conformance.internal;

import org.opentest4j.AssertionFailedError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RFC 6750 answers the kit requires, as assertions. A failure message says what was expected
 * and what came back, with every part of the token sent blanked out. Not API. Thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 section 3</a>
 */
public final class Expect {
    private static final Pattern ERROR = Pattern.compile("(?:^|[\\s,])error\\s*=\\s*(?:\"([^\"]*)\"|([^\\s,]+))");
    private static final Pattern SCOPE = Pattern.compile("(?:^|[\\s,])scope\\s*=\\s*(?:\"([^\"]*)\"|([^\\s,]+))");
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\([^)]*\\)|Caused by:|\\tat ");
    private static final Pattern EXCEPTION_CLASS =
            Pattern.compile("\\b(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*\\b|Exception\\b|Throwable\\b");
    private static final Pattern RETRY_AFTER = Pattern.compile("\\d+|[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    /** Shorter pieces could occur in a body by chance. */
    private static final int MIN_LEAK_LENGTH = 12;
    private static final int WINDOW = 16;

    private Expect() {
    }

    /** A 2xx answer. */
    public static void accepted(Answer answer, String sentToken) {
        if (answer.status() < 200 || answer.status() > 299) {
            throw failure("a 2xx answer", answer, sentToken);
        }
    }

    /** A refusal with {@code status} whose challenge and body carry {@code error}. */
    public static void refused(Answer answer, int status, String error, String sentToken) {
        if (answer.status() != status) {
            throw failure(status + " " + error, answer, sentToken);
        }
        String challenge = bearerChallenge(answer, sentToken);
        Optional<String> challengeError = param(ERROR, challenge);
        if (!challengeError.equals(Optional.of(error))) {
            throw failure("WWW-Authenticate: Bearer with error=\"" + error + "\"", answer, sentToken);
        }
        errorBody(answer, error, sentToken);
        nothingLeaks(answer, sentToken);
    }

    /**
     * A DPoP refusal (RFC 9449 section 7.1): 401 with a {@code WWW-Authenticate: DPoP} challenge
     * carrying {@code error}, a JSON error body, and neither the token nor the proof echoed.
     */
    public static void dpopRefused(Answer answer, String error, String sentToken, String sentProof) {
        if (answer.status() != 401) {
            throw failure("401 " + error, answer, sentToken);
        }
        String challenge = null;
        for (String value : answer.headers().allValues("WWW-Authenticate")) {
            String v = value.trim();
            if (v.regionMatches(true, 0, "DPoP", 0, 4) && (v.length() == 4 || v.charAt(4) == ' ')) {
                challenge = v;
            }
        }
        if (challenge == null) {
            throw failure("a WWW-Authenticate: DPoP challenge", answer, sentToken);
        }
        Matcher m = ERROR.matcher(challenge.substring(4));
        if (!m.find() || !error.equals(m.group(1) != null ? m.group(1) : m.group(2))) {
            throw failure("WWW-Authenticate: DPoP with error=\"" + error + "\"", answer, sentToken);
        }
        errorBody(answer, error, sentToken);
        nothingLeaks(answer, sentToken);
        if (sentProof != null) {
            nothingLeaks(answer, sentProof);
        }
    }

    /**
     * 403 for a valid token the resource does not admit (a role it lacks, a deny-all rule): either
     * RFC 6750's {@code insufficient_scope} (challenge and body), or {@code access_denied} in the
     * body with a challenge without {@code error} ({@code access_denied} is not an RFC 6750 error).
     */
    public static void forbidden(Answer answer, String sentToken) {
        if (answer.status() != 403) {
            throw failure("403 insufficient_scope or access_denied", answer, sentToken);
        }
        String challenge = bearerChallenge(answer, sentToken);
        Optional<String> challengeError = param(ERROR, challenge);
        if (challengeError.isPresent()) {
            if (!challengeError.get().equals("insufficient_scope")) {
                throw failure("WWW-Authenticate: Bearer with error=\"insufficient_scope\" or without error", answer, sentToken);
            }
            errorBody(answer, "insufficient_scope", sentToken);
        } else {
            errorBody(answer, "access_denied", sentToken);
        }
        nothingLeaks(answer, sentToken);
    }

    /** 401 with a {@code Bearer} challenge without {@code error} (RFC 6750 section 3.1), a JSON body without {@code error}. */
    public static void challengedWithoutError(Answer answer, String sentToken) {
        if (answer.status() != 401) {
            throw failure("401 with a Bearer challenge without error", answer, sentToken);
        }
        String challenge = bearerChallenge(answer, sentToken);
        if (param(ERROR, challenge).isPresent()) {
            throw failure("no error attribute in the challenge: no token was sent (RFC 6750 section 3.1)", answer, sentToken);
        }
        Map<String, Object> body = jsonBody(answer, sentToken);
        if (body.containsKey("error")) {
            throw failure("no error member in the body: no token was sent", answer, sentToken);
        }
        nothingLeaks(answer, sentToken);
    }

    /** 403 {@code insufficient_scope} whose challenge lists every one of {@code requiredScopes}. */
    public static void insufficientScope(Answer answer, Collection<String> requiredScopes, String sentToken) {
        refused(answer, 403, "insufficient_scope", sentToken);
        String challenge = bearerChallenge(answer, sentToken);
        Set<String> listed = param(SCOPE, challenge)
                .map(s -> Set.<String>copyOf(Arrays.asList(s.trim().split("\\s+")))).orElse(Set.of());
        if (!listed.containsAll(requiredScopes)) {
            throw failure("scope=\"...\" in the challenge listing " + String.join(" ", requiredScopes), answer, sentToken);
        }
    }

    /** 503 with {@code Retry-After} and a JSON error body: the service could not check the token. */
    public static void unavailable(Answer answer, String sentToken) {
        if (answer.status() != 503) {
            throw failure("503 with Retry-After", answer, sentToken);
        }
        String retryAfter = answer.header("Retry-After").orElse("");
        if (!RETRY_AFTER.matcher(retryAfter.trim()).matches()) {
            throw failure("a Retry-After header (seconds or an HTTP date)", answer, sentToken);
        }
        bearerChallenge(answer, sentToken);
        Map<String, Object> body = jsonBody(answer, sentToken);
        if (!(body.get("error") instanceof String e) || e.isBlank()) {
            throw failure("a JSON body with an error member", answer, sentToken);
        }
        nothingLeaks(answer, sentToken);
    }

    /**
     * 401 {@code invalid_token}, or 431 from a container that refuses headers this large before
     * the adapter sees them (RFC 6585 section 5): either way the token is not accepted.
     */
    public static void tooLarge(Answer answer, String sentToken) {
        if (answer.status() == 431) {
            nothingLeaks(answer, sentToken);
            return;
        }
        refused(answer, 401, "invalid_token", sentToken);
    }

    private static String bearerChallenge(Answer answer, String sentToken) {
        for (String value : answer.headers().allValues("WWW-Authenticate")) {
            String v = value.trim();
            if (v.regionMatches(true, 0, "Bearer", 0, 6) && (v.length() == 6 || v.charAt(6) == ' ')) {
                return v;
            }
        }
        throw failure("a WWW-Authenticate: Bearer challenge", answer, sentToken);
    }

    private static Optional<String> param(Pattern pattern, String challenge) {
        Matcher m = pattern.matcher(challenge.substring(6));
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }

    private static void errorBody(Answer answer, String error, String sentToken) {
        Map<String, Object> body = jsonBody(answer, sentToken);
        if (!error.equals(body.get("error"))) {
            throw failure("a JSON body with \"error\":\"" + error + "\"", answer, sentToken);
        }
        if (!(body.get("error_description") instanceof String description) || description.isBlank()) {
            throw failure("a JSON body with a non-blank error_description", answer, sentToken);
        }
    }

    private static Map<String, Object> jsonBody(Answer answer, String sentToken) {
        String type = answer.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) {
            throw failure("Content-Type: application/json", answer, sentToken);
        }
        return Json.object(answer.body()).orElseThrow(() -> failure("a JSON object body", answer, sentToken));
    }

    /** No part of the token, no stack trace, no exception class name, and {@code Cache-Control: no-store}. */
    private static void nothingLeaks(Answer answer, String sentToken) {
        List<String> places = new ArrayList<>();
        places.add(answer.body());
        answer.headers().map().values().forEach(places::addAll);
        for (String piece : tokenPieces(sentToken)) {
            for (String place : places) {
                if (place.contains(piece)) {
                    throw failure("an answer without any part of the token sent (it echoes the token)", answer, sentToken);
                }
            }
        }
        if (STACK_FRAME.matcher(answer.body()).find()) {
            throw failure("an answer without a stack trace", answer, sentToken);
        }
        if (EXCEPTION_CLASS.matcher(answer.body()).find()) {
            throw failure("an answer without an exception or class name", answer, sentToken);
        }
        if (answer.status() != 431 && !answer.header("Cache-Control").orElse("").toLowerCase(Locale.ROOT).contains("no-store")) {
            throw failure("Cache-Control: no-store on the refusal", answer, sentToken);
        }
    }

    /**
     * The token, each of its parts, and windows of 16 characters every 8 along each part: any echo
     * of 24 or more consecutive characters of the token contains one of them.
     */
    private static List<String> tokenPieces(String token) {
        if (token == null) {
            return List.of();
        }
        List<String> pieces = new ArrayList<>();
        if (token.length() >= MIN_LEAK_LENGTH) {
            pieces.add(token);
        }
        for (String part : token.split("\\.")) {
            if (part.length() >= MIN_LEAK_LENGTH) {
                pieces.add(part);
            }
            for (int i = 0; i + WINDOW <= part.length() && part.length() > WINDOW; i += WINDOW / 2) {
                pieces.add(part.substring(i, i + WINDOW));
            }
        }
        pieces.sort(Comparator.comparingInt(String::length).reversed());
        return pieces;
    }

    private static AssertionFailedError failure(String expected, Answer answer, String sentToken) {
        return new AssertionFailedError("expected " + expected + ", but the service answered " + answer.status()
                + describeHeaders(answer, sentToken) + " with body: " + abbreviate(redact(answer.body(), sentToken)));
    }

    private static String describeHeaders(Answer answer, String sentToken) {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("WWW-Authenticate", "Content-Type", "Retry-After", "Cache-Control")) {
            answer.headers().allValues(name).forEach(v -> out.append(", ").append(name).append(": ")
                    .append(abbreviate(redact(v, sentToken))));
        }
        return out.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    /** Blanks out any piece of the token: a failure report must not spread it further. */
    private static String redact(String text, String sentToken) {
        String out = text;
        for (String piece : tokenPieces(sentToken)) {
            out = out.replace(piece, "<token>");
        }
        return out;
    }
}
