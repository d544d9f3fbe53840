package dev.audguard.exchange.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.internal.Discovery;
import dev.audguard.core.internal.Urls;
import dev.audguard.exchange.TokenExchangeException.Category;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.text.ParseException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the token endpoint is: configured, or read from the issuer's OpenID Connect discovery
 * document on first use (never at build time), whose {@code issuer} must equal the configured
 * issuer exactly (OpenID Connect Discovery 1.0 section 4.3). A discovered endpoint is kept for the
 * client's lifetime; a failed discovery is not, so the next exchange tries again. Concurrent first
 * uses share one discovery. Not API.
 *
 * <p>Thread-safe.
 */
public final class EndpointResolver {
    private static final Logger log = LoggerFactory.getLogger(EndpointResolver.class);

    private final URI configured;
    private final String issuer;
    private final Transport transport;
    private final boolean allowInsecureHttp;
    private final Clock clock;
    private final AtomicReference<CompletableFuture<URI>> discovered = new AtomicReference<>();

    private EndpointResolver(URI configured, String issuer, Transport transport, boolean allowInsecureHttp, Clock clock) {
        this.configured = configured;
        this.issuer = issuer;
        this.transport = transport;
        this.allowInsecureHttp = allowInsecureHttp;
        this.clock = clock;
    }

    public static EndpointResolver fixed(URI tokenEndpoint) {
        return new EndpointResolver(tokenEndpoint, null, null, false, null);
    }

    public static EndpointResolver discovering(String issuer, Transport transport, boolean allowInsecureHttp, Clock clock) {
        return new EndpointResolver(null, issuer, transport, allowInsecureHttp, clock);
    }

    /** The discovery document's URL for {@code issuer}. */
    public static URI discoveryUri(String issuer) {
        return Discovery.openIdConfiguration(issuer);
    }

    /** The token endpoint; discovery runs through {@code retrier}, so it is retried like an exchange. */
    public CompletableFuture<URI> tokenEndpoint(Retrier retrier) {
        if (configured != null) {
            return CompletableFuture.completedFuture(configured);
        }
        while (true) {
            CompletableFuture<URI> current = discovered.get();
            if (current != null && !current.isCompletedExceptionally()) {
                return current;
            }
            CompletableFuture<URI> mine = new CompletableFuture<>();
            if (discovered.compareAndSet(current, mine)) {
                retrier.run(attempt -> discoverOnce(), (n, delay, failure) ->
                                log.debug("Discovery for issuer {} failed ({}); attempt {} in {} ms", issuer, failure.problem(),
                                        n + 1, delay.toMillis()))
                        .whenComplete((uri, error) -> {
                            if (error != null) {
                                mine.completeExceptionally(ExchangeFailure.unwrap(error));
                            } else {
                                log.debug("Issuer {} has its token endpoint at {}", issuer, Urls.withoutQuery(uri));
                                mine.complete(uri);
                            }
                        });
                return mine;
            }
        }
    }

    private CompletableFuture<URI> discoverOnce() {
        HttpRequest.Builder request = HttpRequest.newBuilder(discoveryUri(issuer)).header("Accept", "application/json").GET();
        return transport.send(request).thenApply(this::read);
    }

    private URI read(Transport.Response response) {
        int status = response.status();
        if (status == 429 || status >= 500) {
            throw new ExchangeFailure(Category.ISSUER_UNAVAILABLE, "discovery HTTP " + status, null, null, status,
                    RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock), true, null);
        }
        if (status != 200) {
            throw new ExchangeFailure(Category.CONFIGURATION, "discovery HTTP " + status, null, null, status, null, false, null);
        }
        Map<String, Object> document;
        try {
            document = JSONObjectUtils.parse(response.body());
        } catch (ParseException | RuntimeException e) {
            throw ExchangeFailure.of(Category.INVALID_RESPONSE, "discovery document is not JSON");
        }
        if (!issuer.equals(document.get("issuer"))) {
            throw ExchangeFailure.of(Category.CONFIGURATION, "discovery document names another issuer");
        }
        if (!(document.get("token_endpoint") instanceof String endpoint)) {
            throw ExchangeFailure.of(Category.CONFIGURATION, "discovery document has no token_endpoint");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw ExchangeFailure.of(Category.CONFIGURATION, "discovery document has an unusable token_endpoint");
        }
        if (!Urls.isSecureEnough(uri, allowInsecureHttp)) {
            throw ExchangeFailure.of(Category.CONFIGURATION, "discovery document has an insecure or unusable token_endpoint");
        }
        return uri;
    }

    @Override
    public String toString() {
        return configured != null ? "tokenEndpoint=" + Urls.withoutQuery(configured) : "issuer=" + issuer;
    }
}
