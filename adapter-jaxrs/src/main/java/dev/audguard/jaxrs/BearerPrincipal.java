package dev.audguard.jaxrs;

import dev.audguard.core.VerifiedToken;

import java.security.Principal;
import java.util.Objects;

/**
 * The user of a request authenticated by {@link BearerTokenFeature}: named by the configured claim
 * ({@code sub} by default, Keycloak's {@code principal-attribute}), carrying the verified token.
 *
 * <p>{@link #toString()} shows the name, never the token. Immutable and thread-safe.
 */
public final class BearerPrincipal implements Principal {
    private final String name;
    private final VerifiedToken token;

    BearerPrincipal(String name, VerifiedToken token) {
        this.name = Objects.requireNonNull(name, "name");
        this.token = Objects.requireNonNull(token, "token");
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
