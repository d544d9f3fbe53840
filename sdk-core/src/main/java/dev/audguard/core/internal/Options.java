package dev.audguard.core.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks every builder of every module makes on its options, with one wording: an option set
 * twice, a default, a positive duration, a non-blank string. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class Options {
    private Options() {
    }

    /**
     * Refuses setting {@code option} again (Caffeine's rule: each option once).
     *
     * @throws IllegalStateException "{@code <option>} was already set" when {@code current} is not null
     */
    public static void requireUnset(Object current, String option) {
        if (current != null) {
            throw new IllegalStateException(option + " was already set");
        }
    }

    /** {@code value}, or {@code fallback} when it was not set. */
    public static <T> T either(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * @throws IllegalArgumentException "{@code <name>} must be positive" for null, zero or negative
     */
    public static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }

    /**
     * @throws NullPointerException naming {@code name} for null
     * @throws IllegalArgumentException "{@code <name>} must not be blank" for a blank value
     */
    public static String nonBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
