package dev.audguard.spring.reactive;

import dev.audguard.core.BearerTokens;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.ResourceRequest;
import dev.audguard.core.TokenValidationException;
import dev.audguard.spring.internal.PendingRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * Turns a request that brings a credential (an {@code Authorization} header, or an
 * {@code access_token} query parameter, which the front door refuses with 400) into an
 * unauthenticated {@link Authentication} holding the front door's {@link ResourceRequest}; a
 * request without one converts to nothing, and authorization decides (401 where a token is needed).
 *
 * <p>What the front door's steps read is copied as the host has it, never rebuilt from
 * {@code Host} or {@code X-Forwarded-*}: the method, the decoded path within the application (rule
 * matching), the raw path as sent (a DPoP proof's {@code htu} is compared with the configured
 * external base URL joined with it), at most two values of every header the front door names
 * ({@link ProtectedResource#requestHeaders()}: {@code Authorization}, {@code DPoP}, a trusted proxy's
 * certificate header), the peer address, and the client certificate of a mutual-TLS connection
 * ({@link ServerHttpRequest#getSslInfo()}).
 *
 * <p>Immutable and thread-safe.
 */
public final class AudguardServerAuthenticationConverter implements ServerAuthenticationConverter {
    private static final int MAX_VALUES = 2;

    private final ProtectedResource resource;

    /** Copies the request headers {@code resource} reads. */
    public AudguardServerAuthenticationConverter(ProtectedResource resource) {
        this.resource = Objects.requireNonNull(resource, "resource");
    }

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        List<String> authorization = request.getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
        String rawQuery = request.getURI().getRawQuery();
        if (authorization.isEmpty() && !mayCarryToken(rawQuery)) {
            return Mono.empty();
        }
        ResourceRequest.Builder builder = ResourceRequest.builder()
                .method(request.getMethod().name())
                .path(request.getPath().pathWithinApplication().value())
                .rawPath(request.getPath().value())
                .rawQuery(rawQuery);
        authorization.stream().limit(MAX_VALUES).forEach(builder::authorization);
        for (String name : resource.requestHeaders()) {
            if (!name.equalsIgnoreCase(HttpHeaders.AUTHORIZATION)) {
                List<String> values = request.getHeaders().getOrEmpty(name);
                if (!values.isEmpty()) {
                    builder.header(name, values.subList(0, Math.min(MAX_VALUES, values.size())));
                }
            }
        }
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote != null && remote.getAddress() != null) {
            builder.remoteAddress(remote.getAddress().getHostAddress());
        }
        // the peer's own certificate of a mutual-TLS connection (RFC 8705); without one a bound token is refused
        SslInfo ssl = request.getSslInfo();
        if (ssl != null) {
            builder.clientCertificateChain(ssl.getPeerCertificates());
        }
        return Mono.just(new PendingRequest(builder.build()));
    }

    private static boolean mayCarryToken(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        try {
            return BearerTokens.resolve(List.of(), rawQuery).isPresent();
        } catch (TokenValidationException malformed) {
            return true;
        }
    }
}
