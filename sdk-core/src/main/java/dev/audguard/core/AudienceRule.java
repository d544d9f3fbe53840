package dev.audguard.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * The audiences a token must carry, and whether any or all of them.
 *
 * <p>Used to override the validator's configured audience rule for one request, for example when an
 * adapter protects one path for a different audience: {@code AudienceRule.anyOf("reports-api")}.
 * Comparison is exact and case-sensitive.
 *
 * <p>Immutable and thread-safe.
 *
 * @param audiences the expected audiences, never empty
 * @param match whether one or all must be present
 */
public record AudienceRule(Set<String> audiences, AudienceMatch match) {

    /** Copies {@code audiences}; fails when it is empty or holds a blank value. */
    public AudienceRule {
        Objects.requireNonNull(match, "match");
        audiences = Set.copyOf(Objects.requireNonNull(audiences, "audiences"));
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("an audience rule needs at least one audience");
        }
        for (String audience : audiences) {
            if (audience.isBlank()) {
                throw new IllegalArgumentException("an audience must not be blank");
            }
        }
    }

    /** The token must name at least one of {@code audiences}. */
    public static AudienceRule anyOf(String... audiences) {
        return new AudienceRule(Set.copyOf(Arrays.asList(audiences)), AudienceMatch.ANY_OF);
    }

    /** The token must name at least one of {@code audiences}. */
    public static AudienceRule anyOf(Collection<String> audiences) {
        return new AudienceRule(Set.copyOf(audiences), AudienceMatch.ANY_OF);
    }

    /** The token must name every one of {@code audiences}. */
    public static AudienceRule allOf(String... audiences) {
        return new AudienceRule(Set.copyOf(Arrays.asList(audiences)), AudienceMatch.ALL_OF);
    }

    /** The token must name every one of {@code audiences}. */
    public static AudienceRule allOf(Collection<String> audiences) {
        return new AudienceRule(Set.copyOf(audiences), AudienceMatch.ALL_OF);
    }

    /** Whether a token whose {@code aud} is {@code tokenAudiences} satisfies this rule. */
    public boolean isSatisfiedBy(Collection<String> tokenAudiences) {
        if (match == AudienceMatch.ALL_OF) {
            return tokenAudiences.containsAll(audiences);
        }
        for (String audience : tokenAudiences) {
            if (audiences.contains(audience)) {
                return true;
            }
        }
        return false;
    }
}
