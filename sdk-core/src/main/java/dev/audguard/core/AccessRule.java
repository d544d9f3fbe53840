package dev.audguard.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a request must satisfy to reach a resource: the one name for it in every adapter. A rule
 * says whether a token is needed at all ({@link #unprotected()}, {@link #permitAll()},
 * {@link #authenticated()}, {@link #denyAll()}) and, for a token, the {@link Requirements} on top
 * of the validator's policy (an audience rule replacing the configured one, scopes required all
 * together) and the roles of which it must carry one.
 *
 * <pre>{@code
 * AccessRule reports = AccessRule.authenticated()
 *         .withAudience(AudienceRule.anyOf("reports-api"))
 *         .withScopes("reports:read")
 *         .withAnyRole("analyst", "admin");
 * }</pre>
 *
 * <ul>
 *   <li>{@link #unprotected()}: the front door does not look at the request (not even at a token
 *       it carries); the servlet adapter's {@code unprotected-paths}.</li>
 *   <li>{@link #permitAll()}: a request without a token passes anonymously; a token that is sent
 *       is checked, and a bad one is refused, never ignored (Jakarta {@code @PermitAll}).</li>
 *   <li>{@link #authenticated()}: a valid token is required (the default).</li>
 *   <li>{@link #denyAll()}: a valid token is required and then refused with 403
 *       {@code access_denied} (Jakarta {@code @DenyAll}).</li>
 * </ul>
 *
 * <p>Spring hands the rule its own path matching selected, Jakarta REST the rule its annotations
 * describe, and the servlet adapter registers rules by URL pattern with
 * {@link ProtectedResource.Builder#rule(String, AccessRule)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessRule {
    /** Whether and how a token is needed. */
    public enum Access {
        /** The front door does not look at the request. */
        UNPROTECTED,
        /** Anonymous requests pass; a token that is sent is checked. */
        PERMIT_ALL,
        /** A valid token is required. */
        AUTHENTICATED,
        /** A valid token is required, and then the request is refused. */
        DENY_ALL
    }

    private static final AccessRule UNPROTECTED = new AccessRule(Access.UNPROTECTED, Requirements.none(), Set.of());
    private static final AccessRule PERMIT_ALL = new AccessRule(Access.PERMIT_ALL, Requirements.none(), Set.of());
    private static final AccessRule AUTHENTICATED = new AccessRule(Access.AUTHENTICATED, Requirements.none(), Set.of());
    private static final AccessRule DENY_ALL = new AccessRule(Access.DENY_ALL, Requirements.none(), Set.of());

    private final Access access;
    private final Requirements requirements;
    private final Set<String> roles;
    // requirements.withSenderConstraint(), made once on first use rather than per request (a benign race:
    // every thread computes an equal, immutable value)
    private Requirements senderConstrained;

    private AccessRule(Access access, Requirements requirements, Set<String> roles) {
        this.access = access;
        this.requirements = requirements;
        this.roles = roles;
    }

    /** Not looked at. */
    public static AccessRule unprotected() {
        return UNPROTECTED;
    }

    /** Anonymous requests pass; a token that is sent is checked. */
    public static AccessRule permitAll() {
        return PERMIT_ALL;
    }

    /** A valid token under the validator's policy. */
    public static AccessRule authenticated() {
        return AUTHENTICATED;
    }

    /** A valid token, then 403 {@code access_denied}. */
    public static AccessRule denyAll() {
        return DENY_ALL;
    }

    /** A valid token that also satisfies {@code requirements}. */
    public static AccessRule of(Requirements requirements) {
        return AUTHENTICATED.withRequirements(requirements);
    }

    /**
     * A copy that also requires {@code more} (its audience rule, when it has one, replaces this
     * rule's; its scopes join this rule's).
     *
     * @throws IllegalStateException on an {@link #unprotected()} rule, which checks nothing
     */
    public AccessRule withRequirements(Requirements more) {
        Objects.requireNonNull(more, "requirements");
        requireChecked("requirements");
        Requirements merged = requirements.withScopes(more.scopes());
        if (more.audience().isPresent()) {
            merged = merged.withAudience(more.audience().get());
        }
        return new AccessRule(access, merged, roles);
    }

    /** A copy whose token must carry {@code rule}'s audiences instead of the configured ones. */
    public AccessRule withAudience(AudienceRule rule) {
        return withRequirements(Requirements.audience(rule));
    }

    /** A copy whose token must also carry every one of {@code scopes}. */
    public AccessRule withScopes(String... scopes) {
        return withRequirements(Requirements.scopes(scopes));
    }

    /** A copy whose token must also carry every one of {@code scopes}. */
    public AccessRule withScopes(Collection<String> scopes) {
        return withRequirements(Requirements.none().withScopes(scopes));
    }

    /**
     * A copy whose token must carry at least one of {@code anyOf} (added to the roles already
     * required), read as the front door reads roles (realm roles, or one client's roles).
     *
     * @throws IllegalStateException on an {@link #unprotected()} or {@link #permitAll()} rule
     */
    public AccessRule withAnyRole(String... anyOf) {
        return withAnyRole(Arrays.asList(anyOf));
    }

    /** See {@link #withAnyRole(String...)}. */
    public AccessRule withAnyRole(Collection<String> anyOf) {
        requireChecked("roles");
        if (access == Access.PERMIT_ALL) {
            throw new IllegalStateException("a permit-all rule takes no roles");
        }
        Set<String> all = new LinkedHashSet<>(roles);
        for (String role : anyOf) {
            if (role == null || role.isBlank()) {
                throw new IllegalArgumentException("a role must not be blank");
            }
            all.add(role);
        }
        return new AccessRule(access, requirements, Set.copyOf(all));
    }

    private void requireChecked(String what) {
        if (access == Access.UNPROTECTED) {
            throw new IllegalStateException("an unprotected rule checks nothing, so it takes no " + what);
        }
    }

    /** Whether and how a token is needed. */
    public Access access() {
        return access;
    }

    /** Whether the front door leaves the request alone. */
    public boolean isUnprotected() {
        return access == Access.UNPROTECTED;
    }

    /** What the token must satisfy on top of the validator's policy. */
    public Requirements requirements() {
        return requirements;
    }

    /** {@link #requirements()} for a request whose token is checked by a sender-binding step. */
    Requirements senderConstrainedRequirements() {
        Requirements constrained = senderConstrained;
        if (constrained == null) {
            constrained = requirements.withSenderConstraint();
            senderConstrained = constrained;
        }
        return constrained;
    }

    /** The audience rule replacing the validator's, if any. */
    public Optional<AudienceRule> audience() {
        return requirements.audience();
    }

    /** Scopes required on top of the validator's. */
    public Set<String> scopes() {
        return requirements.scopes();
    }

    /** Roles of which the token must carry one; empty for none. */
    public Set<String> roles() {
        return roles;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessRule other && access == other.access && requirements.equals(other.requirements)
                && roles.equals(other.roles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(access, requirements, roles);
    }

    @Override
    public String toString() {
        return "AccessRule{" + access + ", " + requirements + (roles.isEmpty() ? "" : ", anyRole=" + roles) + '}';
    }
}
