package dev.audguard.servlet.internal;

import dev.audguard.core.BearerChallenge;
import dev.audguard.core.BearerErrorResponse;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes sdk-core's {@link BearerErrorResponse}s to a servlet response. Every answer that does not
 * depend on the request (no token, and each {@link Reason} but insufficient scope) is computed
 * once, bytes included, so a refusal costs no formatting. Not API.
 *
 * <p>Immutable and thread-safe.
 */
public final class Answers {

    /** One answer, ready to write. */
    private record Prepared(int status, String[] headerNames, String[] headerValues, byte[] body) {
        static Prepared of(BearerErrorResponse response) {
            Map<String, String> headers = response.headers();
            return new Prepared(response.status(), headers.keySet().toArray(String[]::new),
                    headers.values().toArray(String[]::new), response.body().getBytes(StandardCharsets.UTF_8));
        }
    }

    private final BearerChallenge challenge;
    private final Prepared missingToken;
    private final Map<Reason, Prepared> byReason = new EnumMap<>(Reason.class);

    /** Prepares every fixed answer of {@code challenge}. */
    public Answers(BearerChallenge challenge) {
        this.challenge = Objects.requireNonNull(challenge, "challenge");
        this.missingToken = Prepared.of(challenge.forMissingToken());
        for (Reason reason : Reason.values()) {
            if (reason != Reason.INSUFFICIENT_SCOPE) {
                byReason.put(reason, Prepared.of(challenge.forFailure(new TokenValidationException(reason))));
            }
        }
    }

    /** 401 with a challenge without {@code error}: the request carried no bearer token. */
    public void missingToken(HttpServletResponse response) throws IOException {
        write(response, missingToken);
    }

    /** The answer for a refused or uncheckable token, or a malformed request. */
    public void failure(HttpServletResponse response, TokenValidationException failure) throws IOException {
        Prepared prepared = byReason.get(failure.reason());
        write(response, prepared != null ? prepared : Prepared.of(challenge.forFailure(failure)));
    }

    private static void write(HttpServletResponse response, Prepared answer) throws IOException {
        response.setStatus(answer.status());
        for (int i = 0; i < answer.headerNames().length; i++) {
            response.setHeader(answer.headerNames()[i], answer.headerValues()[i]);
        }
        response.setContentType(BearerErrorResponse.CONTENT_TYPE);
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}
