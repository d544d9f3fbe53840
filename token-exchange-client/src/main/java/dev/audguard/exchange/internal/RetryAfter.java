package dev.audguard.exchange.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code Retry-After} (RFC 9110 section 10.2.3): delay seconds or an HTTP date. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** The delay {@code value} asks for, never negative; null when absent or unreadable. */
    public static Duration parse(String value, Clock clock) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration delay = Duration.between(clock.instant(), at);
            return delay.isNegative() ? Duration.ZERO : delay;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
