package dev.audguard.jaxrs;

import dev.audguard.core.VerifiedToken;
import dev.audguard.testsupport.Http;
import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;
import java.util.List;

/** What a test resource saw of its request, as {@code key=value} lines ({@link Http#lines}). */
final class Who {
    private Who() {
    }

    static String lines(SecurityContext security, List<String> roles) {
        StringBuilder out = new StringBuilder();
        Principal principal = security.getUserPrincipal();
        out.append("principal=").append(principal == null ? "" : principal.getName()).append('\n');
        out.append("principalType=").append(principal == null ? "" : principal.getClass().getSimpleName()).append('\n');
        out.append("scheme=").append(security.getAuthenticationScheme()).append('\n');
        out.append("secure=").append(security.isSecure()).append('\n');
        VerifiedToken token = BearerTokenFeature.verifiedToken(security).orElse(null);
        out.append("subject=").append(token == null ? "" : token.subject().orElse("")).append('\n');
        for (String role : roles) {
            out.append("role:").append(role).append('=').append(security.isUserInRole(role)).append('\n');
        }
        return out.toString();
    }
}
