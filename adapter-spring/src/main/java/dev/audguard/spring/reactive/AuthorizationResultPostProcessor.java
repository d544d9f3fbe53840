package dev.audguard.spring.reactive;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Objects;

/**
 * Makes the {@code authorizeExchange} rules of every {@code SecurityWebFilterChain} say what they
 * refused, so that {@link AudguardServerAccessDeniedHandler} can answer 403
 * {@code insufficient_scope} naming the scope of a {@code hasAuthority("SCOPE_x")} rule, as the
 * servlet adapter does. Spring Security's reactive {@code AuthorizationWebFilter} refuses through
 * {@code ReactiveAuthorizationManager.verify}, whose default throws a bare
 * {@code AccessDeniedException}; the servlet side throws an {@link AuthorizationDeniedException}
 * carrying the decision. This wraps the chain's manager so that its refusal carries the decision
 * too; what is granted and what is refused do not change (a manager that decides nothing still
 * refuses).
 *
 * <p>Spring Security applies one such post-processor, and only when it is unique or primary: this
 * one is registered {@code @Primary} and first applies every other one (Spring Security's
 * observation wrapper, an application's own), so they keep working.
 *
 * <p>Immutable and thread-safe.
 */
final class AuthorizationResultPostProcessor implements ObjectPostProcessor<ReactiveAuthorizationManager<ServerWebExchange>> {
    private final ObjectProvider<ObjectPostProcessor<ReactiveAuthorizationManager<ServerWebExchange>>> others;

    AuthorizationResultPostProcessor(ObjectProvider<ObjectPostProcessor<ReactiveAuthorizationManager<ServerWebExchange>>> others) {
        this.others = Objects.requireNonNull(others, "others");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <O extends ReactiveAuthorizationManager<ServerWebExchange>> O postProcess(O manager) {
        ReactiveAuthorizationManager<ServerWebExchange> processed = manager;
        for (ObjectPostProcessor<ReactiveAuthorizationManager<ServerWebExchange>> other : others.orderedStream().toList()) {
            if (other != this) {
                processed = other.postProcess(processed);
            }
        }
        // Spring Security only needs a ReactiveAuthorizationManager back (it casts to that interface)
        return (O) new Explaining(processed);
    }

    @Override
    public String toString() {
        return "AuthorizationResultPostProcessor";
    }

    /** Delegates the decision; a refusal carries it. */
    static final class Explaining implements ReactiveAuthorizationManager<ServerWebExchange> {
        private static final String DENIED = "Access Denied";

        private final ReactiveAuthorizationManager<ServerWebExchange> delegate;

        Explaining(ReactiveAuthorizationManager<ServerWebExchange> delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        @Override
        public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, ServerWebExchange exchange) {
            return delegate.authorize(authentication, exchange);
        }

        @Override
        public Mono<Void> verify(Mono<Authentication> authentication, ServerWebExchange exchange) {
            return delegate.authorize(authentication, exchange)
                    // no decision is a refusal, as in the interface's own verify
                    .switchIfEmpty(Mono.error(() -> new AuthorizationDeniedException(DENIED)))
                    .flatMap(result -> result.isGranted() ? Mono.<Void>empty()
                            : Mono.error(new AuthorizationDeniedException(DENIED, result)));
        }

        @Override
        public String toString() {
            return "AudguardExplaining[" + delegate + ']';
        }
    }
}
