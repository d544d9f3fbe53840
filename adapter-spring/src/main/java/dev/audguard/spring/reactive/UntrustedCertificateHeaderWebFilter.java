package dev.audguard.spring.reactive;

import dev.audguard.core.binding.ClientCertificateHeader;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;

/**
 * Removes a trusted proxy's client-certificate header from the exchange when the peer is not one
 * of the trusted proxies: anyone can send that header, and only the proxy's copy says which
 * certificate the TLS client presented. The binding step ignores it from such peers already; this
 * filter, ordered before Spring Security's, keeps handlers and later filters from reading it too.
 * With no such header configured it passes every exchange on unchanged.
 *
 * <p>Immutable and thread-safe.
 */
public final class UntrustedCertificateHeaderWebFilter implements WebFilter, Ordered {
    /** Before Spring Security's {@code WebFilterChainProxy} (-100). */
    public static final int ORDER = -102;

    private final ClientCertificateHeader header;

    /** Removes {@code header} from exchanges of peers it does not trust; {@code null}: nothing to remove. */
    public UntrustedCertificateHeaderWebFilter(ClientCertificateHeader header) {
        this.header = header;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (header == null || !request.getHeaders().containsHeader(header.headerName())) {
            return chain.filter(exchange);
        }
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
        if (peer != null && header.isTrustedProxy(peer)) {
            return chain.filter(exchange);
        }
        ServerHttpRequest without = request.mutate().headers(headers -> headers.remove(header.headerName())).build();
        return chain.filter(exchange.mutate().request(without).build());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
