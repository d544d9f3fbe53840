package dev.audguard.spring.reactive;

import dev.audguard.core.HttpAnswer;
import dev.audguard.core.ProtectedResource;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Objects;

/**
 * Serves the RFC 9728 protected-resource metadata of the front door at its well-known path
 * ({@code GET}/{@code HEAD}), before Spring Security's chain: the document is public. Spring
 * Security's own metadata support is servlet-only.
 *
 * <p>Immutable and thread-safe.
 */
public final class AudguardResourceMetadataWebFilter implements WebFilter, Ordered {
    /** Before Spring Security's {@code WebFilterChainProxy} (-100). */
    public static final int ORDER = -101;

    private final HttpAnswer answer;
    private final String path;

    /** Serves {@code resource}'s metadata; a resource without metadata passes every request on. */
    public AudguardResourceMetadataWebFilter(ProtectedResource resource) {
        Objects.requireNonNull(resource, "resource");
        this.answer = resource.metadataAnswer().orElse(null);
        this.path = resource.metadata().map(m -> m.metadataUrl().getRawPath()).orElse(null);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (path == null || !path.equals(request.getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        if (HttpMethod.GET.equals(request.getMethod())) {
            return ReactiveAnswers.write(exchange.getResponse(), answer);
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
