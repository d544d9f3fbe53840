package dev.audguard.spring.reactive;

import dev.audguard.core.ProtectedResource;
import dev.audguard.exchange.TokenExchangeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

import java.util.Objects;

/**
 * The WebFlux counterpart of the servlet side's answer to a failed exchange: a handler whose
 * downstream call failed in the token exchange answers with the status the failure's category
 * names instead of a 500: 401 {@code invalid_token} when the issuer refused the caller's token,
 * 502 for a misconfigured exchange or an unusable issuer answer, 503 with {@code Retry-After}
 * when the issuer is unavailable. Fixed wording, JSON body, {@code Cache-Control: no-store}, from
 * the {@link ProtectedResource}'s answers. Other exceptions pass on to Boot's error handling.
 * Ordered before Boot's {@code ErrorWebExceptionHandler} ({@code -1}).
 *
 * <p>Immutable and thread-safe.
 */
public final class AudguardExchangeFailureWebExceptionHandler implements WebExceptionHandler, Ordered {
    private static final Logger log = LoggerFactory.getLogger(AudguardExchangeFailureWebExceptionHandler.class);

    private final ProtectedResource resource;

    /** Answers with {@code resource}'s prepared answers. */
    public AudguardExchangeFailureWebExceptionHandler(ProtectedResource resource) {
        this.resource = Objects.requireNonNull(resource, "resource");
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TokenExchangeException failure) {
                log.debug("Downstream call failed in the token exchange: {}", failure.category().code());
                return ReactiveAnswers.write(exchange.getResponse(), resource.answer(failure.refusal()));
            }
        }
        return Mono.error(ex);
    }

    @Override
    public int getOrder() {
        return -2;
    }

    @Override
    public String toString() {
        return "AudguardExchangeFailureWebExceptionHandler";
    }
}
