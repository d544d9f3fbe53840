package dev.audguard.spring.reactive;

import dev.audguard.core.ProtectedResource;
import dev.audguard.core.Reason;
import dev.audguard.core.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.web.server.authorization.HttpStatusServerAccessDeniedHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers a bearer-authenticated request that authorization refused ({@code hasAuthority},
 * {@code hasRole}) as the servlet adapter's {@code AudguardAccessDeniedHandler} does, through the
 * front door: only scope authorities required: 403 {@code insufficient_scope} naming them; a role:
 * 403 {@code access_denied} with the role wording; anything else ({@code denyAll}, a custom rule):
 * 403 {@code access_denied}. Requests not authenticated by a bearer token get a plain 403.
 *
 * <p>Immutable and thread-safe.
 */
public final class AudguardServerAccessDeniedHandler implements ServerAccessDeniedHandler {
    private final ProtectedResource resource;
    private final String scopePrefix;
    private final ServerAccessDeniedHandler others = new HttpStatusServerAccessDeniedHandler(HttpStatus.FORBIDDEN);

    /** Answers with {@code resource}'s answers; scope authorities start {@code scopePrefix}. */
    public AudguardServerAccessDeniedHandler(ProtectedResource resource, String scopePrefix) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.scopePrefix = Objects.requireNonNull(scopePrefix, "scopePrefix");
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return exchange.getPrincipal()
                .filter(AbstractOAuth2TokenAuthenticationToken.class::isInstance)
                .map(bearer -> Optional.of(refusalFor(denied)))
                .defaultIfEmpty(Optional.empty())
                .flatMap(refusal -> refusal.isPresent()
                        ? ReactiveAnswers.write(exchange.getResponse(), resource.answer(refusal.get()))
                        : others.handle(exchange, denied));
    }

    private Refusal refusalFor(AccessDeniedException denied) {
        AuthorizationResult result = denied instanceof AuthorizationDeniedException d ? d.getAuthorizationResult() : null;
        if (result instanceof AuthorityAuthorizationDecision authorities) {
            Set<String> scopes = new TreeSet<>();
            boolean onlyScopes = true;
            boolean role = false;
            for (GrantedAuthority authority : authorities.getAuthorities()) {
                String name = authority.getAuthority();
                if (name != null && name.startsWith(scopePrefix) && name.length() > scopePrefix.length()) {
                    scopes.add(name.substring(scopePrefix.length()));
                } else {
                    onlyScopes = false;
                    role |= name != null && name.startsWith("ROLE_");
                }
            }
            if (onlyScopes && !scopes.isEmpty()) {
                return Refusal.insufficientScope(scopes);
            }
            if (role) {
                return Refusal.of(Reason.INSUFFICIENT_ROLE);
            }
        }
        return Refusal.of(Reason.ACCESS_DENIED);
    }

    @Override
    public String toString() {
        return "AudguardServerAccessDeniedHandler";
    }
}
