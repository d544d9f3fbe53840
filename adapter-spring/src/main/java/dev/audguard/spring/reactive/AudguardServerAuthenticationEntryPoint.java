package dev.audguard.spring.reactive;

import dev.audguard.core.HttpAnswer;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.Reason;
import dev.audguard.core.Refusal;
import dev.audguard.core.TokenValidationException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Objects;

/**
 * Answers refused requests of a reactive application exactly as the servlet adapter does,
 * through sdk-core's front door ({@link ProtectedResource#answer(Refusal)}): 401 without
 * {@code error} for no token, 400 {@code invalid_request} for a malformed request (a query-string
 * token), 401 {@code invalid_token}, 403 {@code insufficient_scope}, 503 with {@code Retry-After}
 * when the issuer's keys cannot be had; fixed wording, JSON body, {@code Cache-Control: no-store},
 * {@code resource_metadata} when a resource is configured.
 *
 * <p>Immutable and thread-safe.
 */
public final class AudguardServerAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {
    private final ProtectedResource resource;

    /** Answers with {@code resource}'s prepared answers. */
    public AudguardServerAuthenticationEntryPoint(ProtectedResource resource) {
        this.resource = Objects.requireNonNull(resource, "resource");
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException exception) {
        return ReactiveAnswers.write(exchange.getResponse(), answerFor(exception));
    }

    /** The answer to {@code exception}. */
    HttpAnswer answerFor(AuthenticationException exception) {
        if (exception instanceof RefusedAuthenticationException refused) {
            return refused.answer();
        }
        for (Throwable t = exception; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof TokenValidationException failure) {
                return resource.answer(Refusal.of(failure));
            }
        }
        if (exception instanceof OAuth2AuthenticationException oauth) {
            if (OAuth2ErrorCodes.INVALID_REQUEST.equals(oauth.getError().getErrorCode())) {
                return resource.answer(Refusal.of(Reason.INVALID_REQUEST));
            }
            // another decoder's or Spring's own refusal: its text is never shown
            return resource.answer(Refusal.of(Reason.INVALID_CLAIM));
        }
        if (exception instanceof AuthenticationServiceException) {
            // a decoder that could not check the token: not the caller's fault
            return resource.answer(Refusal.of(Reason.KEYS_UNAVAILABLE));
        }
        return resource.answer(Refusal.missingToken());
    }

    @Override
    public String toString() {
        return "AudguardServerAuthenticationEntryPoint";
    }
}
