package dev.audguard.core;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an adapter sends back when it refuses a request: status, headers and a small JSON body,
 * all computed once in sdk-core so every adapter answers alike.
 *
 * <p>The body is {@code {"error":"...","error_description":"..."}} (no {@code error} members when
 * no token was sent), with fixed wording: no token, no stack trace, no exception class, nothing
 * the caller sent.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status 400, 401, 403 or 503
 * @param error the OAuth error code, or {@code null} when no token was sent
 * @param errorDescription fixed wording, or {@code null} with {@code error}
 * @param wwwAuthenticate the {@code WWW-Authenticate} value; never {@code null}
 * @param retryAfterSeconds for 503: the {@code Retry-After} value
 */
public record BearerErrorResponse(int status, String error, String errorDescription, String wwwAuthenticate,
                                  Optional<Long> retryAfterSeconds) {

    /** Content type of {@link #body()}. */
    public static final String CONTENT_TYPE = "application/json";

    /** Checks the values. */
    public BearerErrorResponse {
        Objects.requireNonNull(wwwAuthenticate, "wwwAuthenticate");
        Objects.requireNonNull(retryAfterSeconds, "retryAfterSeconds");
    }

    /** The JSON body; {@code {}} when no token was sent. */
    public String body() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (error != null) {
            json.put("error", error);
            json.put("error_description", errorDescription);
        }
        return JSONObjectUtils.toJSONString(json);
    }

    /**
     * Every header to set: {@code WWW-Authenticate}, {@code Retry-After} for 503, and
     * {@code Cache-Control: no-store} so no intermediary keeps the answer.
     */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("WWW-Authenticate", wwwAuthenticate);
        retryAfterSeconds.ifPresent(seconds -> headers.put("Retry-After", Long.toString(seconds)));
        headers.put("Cache-Control", "no-store");
        return headers;
    }
}
