package dev.audguard.spring.client;

import dev.audguard.exchange.SubjectToken;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import reactor.core.publisher.Mono;

/**
 * The subject token of the WebFlux request being served: the authentication Spring Security put
 * in the Reactor context ({@link ReactiveSecurityContextHolder}), read as
 * {@link SecurityContextSubjectTokenSource} reads the servlet one: the token the
 * {@link dev.audguard.spring.server.AudguardJwtDecoder} or audguard's reactive resource server verified (a
 * {@link dev.audguard.spring.server.VerifiedJwt}, whose trusted {@code exp} bounds caching), or the raw token of another
 * authenticated bearer authentication. Never a thread-local: on an event loop, a thread serves
 * many requests.
 *
 * <p>Thread-safe; does not block. Empty outside a request and for anonymous requests.
 */
public final class ReactiveSecurityContextSubjectTokenSource implements ReactiveSubjectTokenSource {

    @Override
    public Mono<SubjectToken> currentSubjectToken() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .flatMap(authentication -> Mono.justOrEmpty(SecurityContextSubjectTokenSource.subjectOf(authentication)));
    }

    @Override
    public String toString() {
        return "ReactiveSecurityContextSubjectTokenSource";
    }
}
