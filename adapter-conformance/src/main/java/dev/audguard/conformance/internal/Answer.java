package dev.audguard.conformance.internal;

import java.net.http.HttpHeaders;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP answer of the service under test. Not API.
 *
 * @param status the status code
 * @param headers every header
 * @param body the body as text (empty when none)
 */
public record Answer(int status, HttpHeaders headers, String body) {

    /** Checks the values. */
    public Answer {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** The first value of {@code name}, compared case-insensitively. */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }
}
