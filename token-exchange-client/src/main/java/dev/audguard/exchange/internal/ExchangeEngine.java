package dev.audguard.exchange.internal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.audguard.core.Fingerprints;
import dev.audguard.core.internal.Expiries;
import dev.audguard.core.internal.Tickers;
import dev.audguard.exchange.ExchangeEvent;
import dev.audguard.exchange.ExchangeListener;
import dev.audguard.exchange.SharedTokenCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The exchange chain: cache (with single flight) -> token endpoint resolution -> retries -> one
 * token request. Not API: {@link dev.audguard.exchange.TokenExchangeClient} is the front door.
 *
 * <p>Cache: bounded, keyed by {@link CacheKey}; an entry lives until the token's
 * {@link IssuedToken#cacheUntil()} (the exchanged token's expiry less the skew, never past the
 * subject token's expiry), and not at all when that is unknown. Concurrent misses for one key share
 * one in-flight exchange; a failed exchange leaves no entry. Behind it, when configured, a
 * {@link SharedTokenCache} shared by the service's instances ({@link SharedEntries}): read before an
 * exchange, written after one, emptied of a token a downstream refused; a failing one is an empty one.
 *
 * <p>Logs name the client, the parameters and the subject's fingerprint, never a token. Thread-safe.
 */
public final class ExchangeEngine {
    private static final Logger log = LoggerFactory.getLogger(ExchangeEngine.class);

    /** Everything the engine needs, resolved by the builder. */
    public record Settings(ClientAuth auth, EndpointResolver endpoints, String assertionAudience, TokenCall call,
                           Retrier retrier, ExchangeListener listener, Clock clock, int cacheSize,
                           SharedTokenCache sharedCache, String dpopThumbprint, Duration sharedCacheTimeout) {
    }

    private final ClientAuth auth;
    private final String clientIdentity;
    private final EndpointResolver endpoints;
    private final String assertionAudience;
    private final TokenCall call;
    private final Retrier retrier;
    private final ExchangeListener listener;
    private final Clock clock;
    private final AsyncCache<CacheKey, Outcome> cache;
    private final SharedEntries shared;

    /**
     * A finished exchange: the token, or why there is none. Cached futures complete with one and
     * never exceptionally, so a failed exchange is not something Caffeine logs (with its stack
     * trace, at WARNING) on every failure; failures are still never cached.
     */
    private record Outcome(IssuedToken token, Throwable failure) {
        CompletableFuture<IssuedToken> asFuture() {
            if (failure == null) {
                return CompletableFuture.completedFuture(token);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            return CompletableFuture.failedFuture(cause);
        }
    }

    public ExchangeEngine(Settings settings) {
        this.auth = settings.auth();
        this.endpoints = settings.endpoints();
        this.clientIdentity = auth.clientId() + "@" + endpoints;
        this.assertionAudience = settings.assertionAudience();
        this.call = settings.call();
        this.retrier = settings.retrier();
        this.listener = new SafeExchangeListener(settings.listener());
        this.clock = settings.clock();
        this.cache = settings.cacheSize() == 0 ? null : Caffeine.newBuilder()
                .maximumSize(settings.cacheSize())
                .ticker(Tickers.of(clock))
                .executor(Runnable::run)
                .expireAfter(Expiries.<CacheKey, Outcome>untilDeadline(clock, ExchangeEngine::cacheDeadline))
                .buildAsync();
        this.shared = settings.sharedCache() == null ? null : new SharedEntries(settings.sharedCache(),
                settings.dpopThumbprint(), settings.sharedCacheTimeout(), clock, listener);
    }

    /** The exchanged token for {@code p}: from the cache, from an exchange in flight, or from a new exchange. */
    public CompletableFuture<IssuedToken> exchange(ExchangeParameters p) {
        ExchangeEvent event = event(p);
        CacheKey key = CacheKey.of(clientIdentity, p);
        if (cache == null) {
            return load(key, p, event);
        }
        while (true) {
            boolean[] created = {false};
            CompletableFuture<Outcome> future = cache.get(key, (k, executor) -> {
                created[0] = true;
                return load(key, p, event).handle(Outcome::new);
            });
            if (!created[0] && future.isDone()) {
                Outcome done = future.join();
                if (done.failure() != null || !servable(done.token())) {
                    // a failure about to leave, or a token past its deadline the ticker has not expired yet
                    cache.asMap().remove(key, future);
                    continue;
                }
            }
            if (!created[0]) {
                listener.onCacheHit(event);
            }
            return future.thenCompose(outcome -> {
                if (outcome.failure() != null) {
                    cache.asMap().remove(key, future);
                }
                return outcome.asFuture();
            });
        }
    }

    /** The token from the shared cache when there is one that may be served, else a new exchange (stored there). */
    private CompletableFuture<IssuedToken> load(CacheKey key, ExchangeParameters p, ExchangeEvent event) {
        if (shared == null) {
            return fetch(p, event);
        }
        String sharedKey = shared.keyOf(key);
        return shared.get(sharedKey, event).thenCompose(found -> {
            if (found.isPresent()) {
                log.debug("Exchanged token {} for subject {} and client {} from the shared cache",
                        Fingerprints.of(found.get().accessToken()), p.subjectFingerprint(), auth.clientId());
                return CompletableFuture.completedFuture(found.get());
            }
            return fetch(p, event).thenApply(token -> {
                shared.put(sharedKey, token, event);
                return token;
            });
        });
    }

    private boolean servable(IssuedToken token) {
        return token.cacheUntil() != null && clock.instant().isBefore(token.cacheUntil());
    }

    /**
     * Drops the cache entry for {@code p} if it still holds {@code rejectedAccessToken} (a newer token
     * that another caller fetched meanwhile stays).
     *
     * @return whether an entry was dropped
     */
    public boolean invalidate(ExchangeParameters p, String rejectedAccessToken) {
        ExchangeEvent event = event(p);
        listener.onInvalidated(event);
        CacheKey key = CacheKey.of(clientIdentity, p);
        if (shared != null) {
            // the other instances must not keep serving a token a downstream service refused
            shared.remove(shared.keyOf(key), event);
        }
        if (cache == null) {
            return false;
        }
        CompletableFuture<Outcome> future = cache.getIfPresent(key);
        if (future == null || !future.isDone() || future.join().failure() != null
                || !future.join().token().accessToken().equals(rejectedAccessToken)) {
            return false;
        }
        boolean removed = cache.asMap().remove(key, future);
        if (removed) {
            log.debug("Dropped the exchanged token for client {} and subject {}: a downstream service refused it",
                    auth.clientId(), p.subjectFingerprint());
        }
        return removed;
    }

    /** How many tokens the cache holds (estimate), for tests and metrics. */
    public long cachedTokens() {
        if (cache == null) {
            return 0;
        }
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }

    private ExchangeEvent event(ExchangeParameters p) {
        return new ExchangeEvent(auth.clientId(), p.audiences(), p.resources(), p.scopes(), p.requestedTokenType(),
                p.subjectFingerprint());
    }

    private CompletableFuture<IssuedToken> fetch(ExchangeParameters p, ExchangeEvent event) {
        CompletableFuture<IssuedToken> result;
        try {
            result = endpoints.tokenEndpoint(retrier).thenCompose(endpoint -> retrier.run(
                    attempt -> send(endpoint, p, event, attempt),
                    (failed, delay, failure) -> {
                        log.debug("Token exchange for client {} failed ({}); attempt {} in {} ms", auth.clientId(),
                                failure.problem(), failed + 1, delay.toMillis());
                        listener.onRetry(event, failed, delay);
                    }));
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((token, error) -> {
            if (error != null) {
                ExchangeFailure failure = ExchangeFailure.unwrap(error);
                report(p, event, failure);
                throw failure;
            }
            log.debug("Exchanged subject {} for client {} (audiences {}, resources {}, scopes {}): token {} until {}",
                    p.subjectFingerprint(), auth.clientId(), p.audiences(), p.resources(), p.scopes(),
                    Fingerprints.of(token.accessToken()), token.expiresAt());
            listener.onExchanged(event, token.expiresAt());
            return token;
        });
    }

    private CompletableFuture<IssuedToken> send(URI endpoint, ExchangeParameters p, ExchangeEvent event, int attempt) {
        listener.onExchangeSent(event, attempt);
        String audience = assertionAudience != null ? assertionAudience : endpoint.toString();
        return call.exchange(endpoint, audience, p);
    }

    private void report(ExchangeParameters p, ExchangeEvent event, ExchangeFailure failure) {
        String issuerSaid = failure.issuerError() == null ? "" : " error=" + failure.issuerError()
                + (failure.issuerErrorDescription() == null ? "" : " (" + failure.issuerErrorDescription() + ")");
        switch (failure.category()) {
            case SUBJECT_TOKEN_REJECTED -> log.debug("The issuer refused subject token {} for client {}: {}{}",
                    p.subjectFingerprint(), auth.clientId(), failure.problem(), issuerSaid);
            case CONFIGURATION -> log.warn("Token exchange misconfigured: client {} ({}) asking {} for audiences {}, "
                            + "resources {}, scopes {} was refused: {}{}. Check the client's credentials, that it may "
                            + "exchange tokens, and that the audiences exist and are available to it",
                    auth.clientId(), auth.method(), endpoints, p.audiences(), p.resources(), p.scopes(), failure.problem(), issuerSaid);
            case ISSUER_UNAVAILABLE -> log.warn("Token exchange for client {} (audiences {}) failed: issuer {} unavailable: {}{}",
                    auth.clientId(), p.audiences(), endpoints, failure.problem(), issuerSaid);
            case INVALID_RESPONSE -> log.warn("Token exchange for client {} (audiences {}) failed: issuer {} answered unusably: {}",
                    auth.clientId(), p.audiences(), endpoints, failure.problem());
            default -> throw new IllegalStateException("unknown category " + failure.category());
        }
        listener.onFailure(event, failure.category());
    }

    /** An entry lives until its token's cache deadline, not at all without one nor after a failure. */
    private static long cacheDeadline(Outcome outcome) {
        return outcome.failure() != null || outcome.token().cacheUntil() == null ? Long.MIN_VALUE
                : outcome.token().cacheUntil().toEpochMilli();
    }

    @Override
    public String toString() {
        return auth + ", " + endpoints;
    }
}
