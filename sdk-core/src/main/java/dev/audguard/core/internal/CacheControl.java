package dev.audguard.core.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads the one thing we need from a {@code Cache-Control} header: how long the response may be
 * used. Not API.
 *
 * <p>Thread-safe (stateless).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2">RFC 9111 section 5.2.2</a>
 */
final class CacheControl {
    private CacheControl() {
    }

    /**
     * {@code max-age} as a duration, {@link Duration#ZERO} for {@code no-store} / {@code no-cache}
     * (callers clamp it up to their minimum: "short"), or {@code null} when the header says nothing
     * usable.
     */
    static Duration lifetime(String header) {
        if (header == null) {
            return null;
        }
        Duration maxAge = null;
        for (String directive : header.split(",")) {
            String d = directive.strip().toLowerCase(Locale.ROOT);
            if (d.equals("no-store") || d.equals("no-cache") || d.startsWith("no-cache=")) {
                return Duration.ZERO;
            }
            if (d.startsWith("max-age=")) {
                String value = d.substring("max-age=".length()).replace("\"", "");
                try {
                    long seconds = Long.parseLong(value);
                    maxAge = seconds < 0 ? Duration.ZERO : Duration.ofSeconds(seconds);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return maxAge;
    }
}
