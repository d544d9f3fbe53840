package dev.audguard.core;

import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * The user of a request authenticated with a bearer token: named by a configured claim
 * ({@code sub} by default, Keycloak's {@code principal-attribute}), carrying the verified token.
 * The servlet and Jakarta REST adapters hand it out as the request's user principal.
 *
 * <p>{@link #toString()} shows the name, never the token. Immutable and thread-safe.
 */
public final class BearerPrincipal implements Principal {
    private final String name;
    private final VerifiedToken token;

    private BearerPrincipal(String name, VerifiedToken token) {
        this.name = name;
        this.token = token;
    }

    /**
     * The principal of {@code token}, named by {@code principalClaim} when the token has it as a
     * string, else by {@code sub} (as Keycloak's adapters fell back); empty when it has neither.
     */
    public static Optional<BearerPrincipal> of(VerifiedToken token, String principalClaim) {
        Objects.requireNonNull(token, "token");
        return token.stringClaim(Objects.requireNonNull(principalClaim, "principalClaim"))
                .or(token::subject)
                .map(name -> new BearerPrincipal(name, token));
    }

    /** The value of the configured principal claim. */
    @Override
    public String getName() {
        return name;
    }

    /** The verified token the request carried. */
    public VerifiedToken token() {
        return token;
    }

    /** Equal when the names and the tokens' issuers are equal: the same user of the same issuer. */
    @Override
    public boolean equals(Object o) {
        return o instanceof BearerPrincipal other && name.equals(other.name) && token.issuer().equals(other.token.issuer());
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, token.issuer());
    }

    @Override
    public String toString() {
        return "BearerPrincipal[" + name + "]";
    }
}
