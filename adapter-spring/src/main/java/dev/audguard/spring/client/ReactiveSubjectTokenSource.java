package dev.audguard.spring.client;

import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.SubjectTokenSource;
import reactor.core.publisher.Mono;

/**
 * The reactive counterpart of {@link SubjectTokenSource}: the subject token of the request being
 * served, read from the Reactor context of the subscription rather than from a thread, so it holds
 * in WebFlux applications, where one request hops between event-loop threads.
 *
 * <p>Implementations must not block and must be thread-safe.
 *
 * @see ReactiveSecurityContextSubjectTokenSource
 */
@FunctionalInterface
public interface ReactiveSubjectTokenSource {

    /**
     * The subject token of the subscriber's request.
     *
     * @return a {@code Mono} of the token, or an empty one outside an authenticated request
     */
    Mono<SubjectToken> currentSubjectToken();
}
