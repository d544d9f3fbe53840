package dev.audguard.servlet;

import dev.audguard.core.BearerPrincipal;
import dev.audguard.core.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.security.Principal;

/**
 * The request as the application sees it after {@link BearerTokenFilter} accepted its token:
 * principal, remote user, roles and auth type come from the token. Not API.
 *
 * <p>Like the request it wraps, not thread-safe.
 */
final class BearerRequest extends HttpServletRequestWrapper {
    /** Servlet 6.0 section 13.3: {@code isUserInRole("**")} is true for any authenticated user. */
    private static final String ANY_AUTHENTICATED_USER = "**";

    private final VerifiedToken token;
    private final String principalClaim;
    private final String rolesClient;
    private BearerPrincipal principal;
    private boolean principalResolved;

    BearerRequest(HttpServletRequest request, VerifiedToken token, String principalClaim, String rolesClient) {
        super(request);
        this.token = token;
        this.principalClaim = principalClaim;
        this.rolesClient = rolesClient;
    }

    /**
     * The principal named by the configured claim; {@code sub} when that claim is absent (as
     * Keycloak's adapters fell back); {@code null} when the token has neither.
     */
    @Override
    public Principal getUserPrincipal() {
        if (!principalResolved) {
            principal = BearerPrincipal.of(token, principalClaim).orElse(null);
            principalResolved = true;
        }
        return principal;
    }

    @Override
    public String getRemoteUser() {
        Principal p = getUserPrincipal();
        return p == null ? null : p.getName();
    }

    /** The token's realm roles, or the configured client's roles ({@code use-resource-role-mappings}). */
    @Override
    public boolean isUserInRole(String role) {
        if (role == null) {
            return false;
        }
        if (role.equals(ANY_AUTHENTICATED_USER)) {
            return true;
        }
        return rolesClient == null ? token.realmRoles().contains(role) : token.clientRoles(rolesClient).contains(role);
    }

    @Override
    public String getAuthType() {
        return BearerTokenFilter.AUTH_TYPE;
    }
}
