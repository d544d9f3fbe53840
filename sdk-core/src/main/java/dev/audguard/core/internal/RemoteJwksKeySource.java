package dev.audguard.core.internal;

import com.nimbusds.jose.JWSAlgorithm;
import dev.audguard.core.KeySourceHealth;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.ValidationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A JWKS fetched over HTTP (from a configured URI or found through discovery) and cached so that
 * it survives key rotation, issuer outages and floods of unknown {@code kid}s. Not API.
 *
 * <ul>
 *   <li>Nothing is fetched until the first token needs a key (or {@link #warmUp()}), so a service
 *       starts while its issuer is down.</li>
 *   <li>The key set lives as long as the response's {@code Cache-Control: max-age} says, clamped.
 *       Past the refresh-ahead point (minus a random jitter) the next request starts one background
 *       refresh and carries on with the cached keys: no request waits on the network while usable
 *       keys are held.</li>
 *   <li>All fetches are single-flight: concurrent callers share one HTTP exchange.</li>
 *   <li>An unknown {@code kid} causes at most one refresh per interval, counting every fetch;
 *       a {@code kid} still unknown after a refresh fails at once until the next one. A flood of
 *       random {@code kid}s therefore costs one fetch per interval, and each of those fetches also
 *       picks up any key the issuer really published, so a rotation is seen within one interval.</li>
 *   <li>A failed refresh keeps the last good keys for up to the stale tolerance past their
 *       lifetime, warns once per failure streak and retries with jittered exponential backoff.
 *       Without usable keys, validations fail with {@code keys_unavailable}.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class RemoteJwksKeySource implements KeySource {
    private static final Logger log = LoggerFactory.getLogger(RemoteJwksKeySource.class);
    private static final int MAX_REMEMBERED_UNKNOWN_KEY_IDS = 4096;
    private static final long NEVER = Long.MIN_VALUE / 4;

    private final String discoveryIssuer;
    private final HttpFetcher fetcher;
    private final KeySourceSettings settings;
    private final Clock clock;
    private final ValidationListener listener;
    private final Consumer<Set<String>> onKeysRemoved;
    private final AtomicBoolean privateMaterialWarned = new AtomicBoolean();

    private final Object lock = new Object();
    private volatile URI jwksUri;
    private volatile State state = State.EMPTY;
    private volatile boolean refreshing;
    private CompletableFuture<State> inFlight; // guarded by lock
    private final AtomicLong lastFetchStart = new AtomicLong(NEVER);
    private volatile Set<String> unknownKeyIds = ConcurrentHashMap.newKeySet();

    /** Keys held and what happened to the fetches; times are {@link Clock#millis()}. */
    private record State(KeySet keys, long expiresAt, long refreshAt, long lastSuccess, long lastFailure,
                         String lastProblem, int failures, long nextAttempt) {
        static final State EMPTY = new State(null, NEVER, NEVER, NEVER, NEVER, null, 0, NEVER);
    }

    /** {@code uri} is the one reported: the fetched URL without user info or query (see {@link SafeUris}). */
    private record Fetched(URI uri, JwksParser.Parsed parsed, String cacheControl) {
    }

    private RemoteJwksKeySource(URI jwksUri, String discoveryIssuer, HttpFetcher fetcher, KeySourceSettings settings,
                                Clock clock, ValidationListener listener, Consumer<Set<String>> onKeysRemoved) {
        this.jwksUri = jwksUri;
        this.discoveryIssuer = discoveryIssuer;
        this.fetcher = fetcher;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        this.onKeysRemoved = onKeysRemoved;
    }

    /** Keys from a known JWKS URI. */
    public static RemoteJwksKeySource forJwksUri(URI jwksUri, HttpFetcher fetcher, KeySourceSettings settings, Clock clock,
                                                 ValidationListener listener, Consumer<Set<String>> onKeysRemoved) {
        return new RemoteJwksKeySource(jwksUri, null, fetcher, settings, clock, listener, onKeysRemoved);
    }

    /** Keys from the {@code jwks_uri} found in {@code issuer}'s metadata. */
    public static RemoteJwksKeySource forIssuer(String issuer, HttpFetcher fetcher, KeySourceSettings settings, Clock clock,
                                                ValidationListener listener, Consumer<Set<String>> onKeysRemoved) {
        return new RemoteJwksKeySource(null, issuer, fetcher, settings, clock, listener, onKeysRemoved);
    }

    @Override
    public void refreshIfDue() {
        long now = clock.millis();
        State s = state;
        if (s.keys != null && now >= s.refreshAt && now >= s.nextAttempt && !refreshing) {
            refresh(s);
        }
    }

    @Override
    public boolean holds(String thumbprint) {
        KeySet keys = state.keys;
        return keys != null && keys.holds(thumbprint);
    }

    @Override
    public VerificationKey select(String kid, JWSAlgorithm alg) {
        long now = clock.millis();
        State s = state;
        if (!usable(s, now)) {
            s = fetchWhileWaiting(s, now);
        } else {
            if (now >= s.refreshAt && now >= s.nextAttempt && !refreshing) {
                refresh(s);
            }
            if (now >= s.expiresAt) {
                listener.onStaleKeysServed(source(), Duration.ofMillis(now - s.expiresAt));
            }
        }
        try {
            return s.keys.select(kid, alg);
        } catch (TokenValidationException e) {
            if (e.reason() != Reason.UNKNOWN_KEY || kid == null) {
                throw e;
            }
            return selectAfterRefresh(s, kid, alg, now);
        }
    }

    private boolean usable(State s, long now) {
        return s.keys != null && now - s.expiresAt < settings.staleTolerance().toMillis();
    }

    /** No usable keys: this caller has to wait for a fetch (shared with every other waiting caller). */
    private State fetchWhileWaiting(State observed, long now) {
        if (now < observed.nextAttempt) {
            throw new TokenValidationException(Reason.KEYS_UNAVAILABLE);
        }
        State after = await(refresh(observed));
        if (!usable(after, clock.millis())) {
            throw new TokenValidationException(Reason.KEYS_UNAVAILABLE);
        }
        return after;
    }

    private VerificationKey selectAfterRefresh(State observed, String kid, JWSAlgorithm alg, long now) {
        if (unknownKeyIds.contains(kid)) {
            throw new TokenValidationException(Reason.UNKNOWN_KEY);
        }
        long last = lastFetchStart.get();
        if (now - last < settings.unknownKeyRefreshInterval().toMillis() || now < observed.nextAttempt
                || !lastFetchStart.compareAndSet(last, now)) {
            throw new TokenValidationException(Reason.UNKNOWN_KEY);
        }
        State after = await(refresh(observed));
        if (after.keys == null) {
            throw new TokenValidationException(Reason.UNKNOWN_KEY);
        }
        try {
            return after.keys.select(kid, alg);
        } catch (TokenValidationException e) {
            Set<String> remembered = unknownKeyIds;
            if (e.reason() == Reason.UNKNOWN_KEY && remembered.size() < MAX_REMEMBERED_UNKNOWN_KEY_IDS) {
                remembered.add(kid);
            }
            throw e;
        }
    }

    private static State await(CompletableFuture<State> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw new TokenValidationException(Reason.KEYS_UNAVAILABLE, e.getCause());
        }
    }

    /**
     * Starts a fetch unless one is running (then its future is shared) or the state changed since
     * the caller looked (then the newer state is the answer: someone else just fetched).
     */
    private CompletableFuture<State> refresh(State observed) {
        CompletableFuture<State> future;
        synchronized (lock) {
            if (state != observed) {
                return CompletableFuture.completedFuture(state);
            }
            if (inFlight != null) {
                return inFlight;
            }
            lastFetchStart.accumulateAndGet(clock.millis(), Math::max);
            refreshing = true;
            future = new CompletableFuture<>();
            inFlight = future;
        }
        CompletableFuture<Fetched> fetch;
        try {
            fetch = fetch();
        } catch (RuntimeException e) {
            fetch = CompletableFuture.failedFuture(e);
        }
        fetch.whenComplete((fetched, error) -> {
            State next = null;
            RuntimeException failure = null;
            try {
                next = apply(fetched, error);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                // cleared before completing: a caller woken by the future must be able to start the next fetch
                synchronized (lock) {
                    inFlight = null;
                    refreshing = false;
                }
            }
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(next);
            }
        });
        return future;
    }

    private CompletableFuture<Fetched> fetch() {
        URI known = jwksUri;
        CompletableFuture<URI> uri = known != null
                ? CompletableFuture.completedFuture(known)
                : Discovery.jwksUri(fetcher, discoveryIssuer, settings).thenApply(found -> {
                    jwksUri = found;
                    return found;
                });
        return uri.thenCompose(target -> fetcher.get(target).thenApply(response -> {
            try {
                return new Fetched(SafeUris.withoutSecrets(target), JwksParser.parseJwks(response.body()), response.cacheControl());
            } catch (JwksParser.InvalidKeysException e) {
                throw new CompletionException(new HttpFetcher.FetchException("invalid key set: " + e.getMessage()));
            }
        }));
    }

    private State apply(Fetched fetched, Throwable error) {
        long now = clock.millis();
        State old;
        State next;
        Set<String> removed = Set.of();
        synchronized (lock) {
            old = state;
            if (error == null) {
                long lifetime = settings.clampLifetime(CacheControl.lifetime(fetched.cacheControl())).toMillis();
                double refreshFraction = settings.refreshAhead()
                        - KeySourceSettings.REFRESH_JITTER * ThreadLocalRandom.current().nextDouble();
                next = new State(fetched.parsed().keys(), now + lifetime, now + (long) (lifetime * refreshFraction),
                        now, old.lastFailure, old.lastProblem, 0, NEVER);
                if (old.keys != null) {
                    removed = old.keys.thumbprintsMissingFrom(next.keys);
                }
                unknownKeyIds = ConcurrentHashMap.newKeySet();
            } else {
                int failures = old.failures + 1;
                long backoff = Math.min(KeySourceSettings.MIN_BACKOFF.toMillis() << Math.min(failures - 1, 20),
                        KeySourceSettings.MAX_BACKOFF.toMillis());
                backoff = (long) (backoff * (0.75 + 0.25 * ThreadLocalRandom.current().nextDouble()));
                next = new State(old.keys, old.expiresAt, old.refreshAt, old.lastSuccess, now,
                        problemOf(error), failures, now + backoff);
            }
            state = next;
        }
        if (error == null) {
            reportSuccess(fetched, old, removed);
        } else {
            reportFailure(old, next);
        }
        return next;
    }

    private void reportSuccess(Fetched fetched, State old, Set<String> removed) {
        if (!removed.isEmpty()) {
            // first, so no listener (or caller woken by this fetch) sees a verdict of a removed key
            log.debug("{} key(s) are no longer published by {}", removed.size(), fetched.uri());
            onKeysRemoved.accept(removed);
        }
        if (old.failures > 0) {
            log.info("Keys fetched from {} again after {} failed attempt(s)", fetched.uri(), old.failures);
        }
        if (fetched.parsed().privateMaterialSeen() && privateMaterialWarned.compareAndSet(false, true)) {
            log.warn("The JWKS at {} publishes private key material; only the public parts are used. "
                    + "Tell the issuer's operators: their private keys are exposed.", fetched.uri());
        }
        log.debug("Fetched {} usable key(s) from {} ({} skipped)", fetched.parsed().keys().size(), fetched.uri(),
                fetched.parsed().skipped());
        listener.onKeysFetched(fetched.uri(), fetched.parsed().keys().size());
    }

    private void reportFailure(State old, State next) {
        String consequence = old.keys != null
                ? "serving the last good keys for up to " + settings.staleTolerance() + " past their lifetime"
                : "tokens cannot be checked until keys are fetched";
        if (next.failures == 1) {
            log.warn("Fetching keys from {} failed ({}); {}", source(), next.lastProblem, consequence);
        } else {
            log.debug("Fetching keys from {} failed again ({}, {} in a row)", source(), next.lastProblem, next.failures);
        }
        listener.onKeysFetchFailed(source(), next.lastProblem);
    }

    private static String problemOf(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof HttpFetcher.FetchException ? cause.getMessage() : "unexpected failure";
    }

    /** Where keys come from, as logs, health and listeners may show it: never a query or user info. */
    private URI source() {
        URI known = jwksUri;
        return SafeUris.withoutSecrets(known != null ? known : Discovery.metadataUris(discoveryIssuer)[0]);
    }

    @Override
    public CompletableFuture<Void> warmUp() {
        return refresh(state).thenApply(s -> {
            if (s.keys == null) {
                throw new CompletionException(new TokenValidationException(Reason.KEYS_UNAVAILABLE));
            }
            return null;
        });
    }

    @Override
    public KeySourceHealth health() {
        State s = state;
        long now = clock.millis();
        KeySourceHealth.Status status;
        if (s.keys == null) {
            status = s.failures > 0 ? KeySourceHealth.Status.DOWN : KeySourceHealth.Status.NOT_FETCHED;
        } else if (now < s.expiresAt) {
            status = KeySourceHealth.Status.UP;
        } else {
            status = usable(s, now) ? KeySourceHealth.Status.STALE : KeySourceHealth.Status.DOWN;
        }
        return new KeySourceHealth(source().toString(), status, s.keys == null ? 0 : s.keys.size(),
                instant(s.lastSuccess), instant(s.lastFailure), Optional.ofNullable(s.lastProblem),
                s.keys == null ? Optional.empty() : instant(s.expiresAt));
    }

    private static Optional<Instant> instant(long millis) {
        return millis == NEVER ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
