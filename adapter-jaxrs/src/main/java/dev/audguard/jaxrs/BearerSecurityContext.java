package dev.audguard.jaxrs;

import dev.audguard.core.BearerPrincipal;
import dev.audguard.core.Outcome;
import dev.audguard.core.VerifiedToken;
import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;
import java.util.Objects;

/**
 * The {@link SecurityContext} of a request whose token {@link BearerTokenFeature} accepted:
 * principal, roles and scheme come from the token; {@link #isSecure()} is what the request was.
 *
 * <ul>
 *   <li>{@link #getUserPrincipal()}: a {@link BearerPrincipal} named by the principal claim
 *       (default {@code sub}), falling back to {@code sub} when the token lacks that claim;
 *       {@code null} when it has neither (only with a validator that allows tokens without
 *       {@code sub}).</li>
 *   <li>{@link #isUserInRole(String)}: the token's realm roles ({@code realm_access.roles}), or one
 *       client's roles ({@code resource_access.<client>.roles}) when so configured; {@code "**"}
 *       is any authenticated user.</li>
 *   <li>{@link #getAuthenticationScheme()}: {@value BearerTokenFeature#AUTHENTICATION_SCHEME}.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class BearerSecurityContext implements SecurityContext {
    /** Servlet 6.0 section 13.3, kept for JAX-RS: {@code "**"} is any authenticated user. */
    private static final String ANY_AUTHENTICATED_USER = "**";

    private final Outcome.Accepted accepted;
    private final BearerPrincipal principal;
    private final boolean secure;

    BearerSecurityContext(Outcome.Accepted accepted, boolean secure) {
        this.accepted = Objects.requireNonNull(accepted, "accepted");
        this.principal = accepted.principal().orElse(null);
        this.secure = secure;
    }

    /** The verified token of the request. */
    public VerifiedToken token() {
        return accepted.token();
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        if (role == null) {
            return false;
        }
        if (role.equals(ANY_AUTHENTICATED_USER)) {
            return true;
        }
        // the roles sdk-core's front door read for @RolesAllowed, so both answer alike
        return accepted.hasRole(role);
    }

    /** Whether the request came over a secure channel, as the container said before the token was accepted. */
    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return BearerTokenFeature.AUTHENTICATION_SCHEME;
    }

    @Override
    public String toString() {
        return "BearerSecurityContext[" + (principal == null ? "no principal" : principal.getName()) + "]";
    }
}
