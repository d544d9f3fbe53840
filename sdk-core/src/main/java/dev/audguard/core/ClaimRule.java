package dev.audguard.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A claim every token of an issuer must carry: present with any value, or present with exactly one
 * value. Resolved from {@link PolicyBuilder#requiredClaim(String)} and
 * {@link PolicyBuilder#requiredClaimValue(String, Object)}. Not API.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the claim
 * @param value the required value ({@code String}, {@code Boolean} or {@code Long}), or empty for any
 */
record ClaimRule(String name, Optional<Object> value) {
    ClaimRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    static ClaimRule present(String name) {
        return new ClaimRule(name, Optional.empty());
    }

    static ClaimRule equalTo(String name, Object value) {
        // integral numbers compare as JSON numbers do: 7, 7L and 7.0 are one value
        Object normalised = value instanceof Number n ? (Object) n.longValue() : value;
        return new ClaimRule(name, Optional.of(normalised));
    }

    /** Whether {@code actual} (a parsed claim value, never {@code null}) satisfies the rule. */
    boolean isSatisfiedBy(Object actual) {
        if (value.isEmpty()) {
            return true;
        }
        Object expected = value.get();
        if (expected instanceof Long n) {
            return actual instanceof Long l ? l.longValue() == n : actual instanceof Double d && d == n.longValue();
        }
        return expected.equals(actual);
    }
}
