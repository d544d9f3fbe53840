package dev.audguard.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one request requires of a token on top of the validator's policy: a different audience rule
 * and extra scopes. Adapters build one per protected path.
 *
 * <p>An audience rule given here replaces the issuer's configured rule for that request (it can
 * never switch the check off). Scopes given here are required in addition to the configured ones;
 * a token without them fails with {@link Reason#INSUFFICIENT_SCOPE}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Requirements {
    private static final Requirements NONE = new Requirements(null, Set.of(), false);

    private final AudienceRule audience;
    private final Set<String> scopes;
    private final boolean senderConstrained;

    private Requirements(AudienceRule audience, Set<String> scopes, boolean senderConstrained) {
        this.audience = audience;
        this.scopes = scopes;
        this.senderConstrained = senderConstrained;
    }

    /** Nothing beyond the validator's policy. */
    public static Requirements none() {
        return NONE;
    }

    /** Requires {@code rule} instead of the configured audience rule. */
    public static Requirements audience(AudienceRule rule) {
        return NONE.withAudience(rule);
    }

    /** Requires every one of {@code scopes} in addition to the configured ones. */
    public static Requirements scopes(String... scopes) {
        return NONE.withScopes(Arrays.asList(scopes));
    }

    /** A copy that requires {@code rule} instead of the configured audience rule. */
    public Requirements withAudience(AudienceRule rule) {
        return new Requirements(Objects.requireNonNull(rule, "rule"), scopes, senderConstrained);
    }

    /** A copy that also requires every one of {@code moreScopes}. */
    public Requirements withScopes(Collection<String> moreScopes) {
        Set<String> all = new LinkedHashSet<>(scopes);
        for (String scope : moreScopes) {
            if (scope == null || scope.isBlank() || scope.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("a scope must be one non-blank token without spaces");
            }
            all.add(scope);
        }
        return new Requirements(audience, Set.copyOf(all), senderConstrained);
    }

    /**
     * A copy for a request whose token is sender-constrained: it came with a proof of possession
     * (the {@code DPoP} scheme) that the front door's sender-binding step checks. Set by
     * {@link ProtectedResource}, not by applications; the token check may then accept what only a
     * bound token carries (Keycloak's {@code typ: "DPoP"}).
     */
    public Requirements withSenderConstraint() {
        return senderConstrained ? this : new Requirements(audience, scopes, true);
    }

    /** Whether the request's token is sender-constrained ({@link #withSenderConstraint()}). */
    public boolean senderConstrained() {
        return senderConstrained;
    }

    /** The audience rule that replaces the configured one, if any. */
    public Optional<AudienceRule> audience() {
        return Optional.ofNullable(audience);
    }

    /** Scopes required on top of the configured ones; possibly empty. */
    public Set<String> scopes() {
        return scopes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requirements other
                && Objects.equals(audience, other.audience)
                && scopes.equals(other.scopes) && senderConstrained == other.senderConstrained;
    }

    @Override
    public int hashCode() {
        return Objects.hash(audience, scopes, senderConstrained);
    }

    @Override
    public String toString() {
        return "Requirements{audience=" + audience + ", scopes=" + scopes + (senderConstrained ? ", senderConstrained" : "") + '}';
    }
}
