package dev.audguard.servlet;

import dev.audguard.core.Outcome;
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
    private final Outcome.Accepted accepted;

    BearerRequest(HttpServletRequest request, Outcome.Accepted accepted) {
        super(request);
        this.accepted = accepted;
    }

    /**
     * The principal named by the configured claim; {@code sub} when that claim is absent (as
     * Keycloak's adapters fell back); {@code null} when the token has neither.
     */
    @Override
    public Principal getUserPrincipal() {
        return accepted.principal().orElse(null);
    }

    @Override
    public String getRemoteUser() {
        Principal p = getUserPrincipal();
        return p == null ? null : p.getName();
    }

    /**
     * The token's realm roles, or the configured client's roles ({@code use-resource-role-mappings});
     * {@code "**"} is any authenticated user (Servlet 6.0 section 13.3).
     */
    @Override
    public boolean isUserInRole(String role) {
        return accepted.isUserInRole(role);
    }

    @Override
    public String getAuthType() {
        return BearerTokenFilter.AUTH_TYPE;
    }
}
