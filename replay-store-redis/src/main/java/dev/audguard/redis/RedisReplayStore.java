package dev.audguard.redis;

import dev.audguard.core.binding.ReplayStore;
import dev.audguard.core.binding.ReplayStoreException;
import dev.audguard.core.binding.ReplayStoreHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.SetParams;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ReplayStore} on Redis, so that a DPoP proof accepted by one instance of a service is refused
 * as a replay by every other: {@code SET <prefix><key> <mark> NX PX <ttl>}, one round trip per proof
 * ({@code <mark>} is 128 random bits of this call's own; see below why).
 *
 * <pre>{@code
 * RedisReplayStore store = RedisReplayStore.builder()
 *     .hostAndPort("redis.internal", 6379)
 *     .timeout(Duration.ofMillis(250))        // default 500 ms
 *     .build();
 * DpopVerifier dpop = DpopVerifier.builder()
 *     .externalBaseUrl(URI.create("https://api.example.com"))
 *     .replayStore(store)
 *     .build();
 * }</pre>
 *
 * <p>Fails closed: when Redis does not answer within the timeout (down, unreachable, refusing the
 * command), {@link #rememberIfAbsent} throws {@link ReplayStoreException} and the verifier refuses the
 * request with {@code 503} ({@code replay_store_unavailable}); it never accepts a proof it could not
 * record. Connections are pooled and re-made on the next request once Redis is back.
 *
 * <p>A pooled connection found broken (Redis restarted, an idle connection dropped by the network)
 * does not cost a request its 503: the idle connections are dropped and the {@code SET} runs once more
 * on a new connection. That retry never turns a replay into an accept. The first attempt may have
 * reached Redis and set the key before its connection broke; the retry then finds the key present, and
 * the proof is accepted only if the key holds this call's own random mark, which no other request can
 * have written; another request's proof with the same key (a replay) finds someone else's mark and is
 * refused. Redis's {@code SET NX} is atomic, so of all the requests with one key exactly one sets it,
 * whichever attempt did so. A timeout is not retried (it already cost the whole timeout): 503.
 *
 * <p>Keys are a SHA-256 of (key thumbprint, {@code jti}) under a prefix (default {@code audguard:dpop:});
 * no token or proof is stored. A Redis that restarts without persistence forgets the proofs of the last
 * proof window (about two minutes by default): run it with AOF if replays across a restart matter.
 * Redis's memory limit must not evict these keys ({@code maxmemory-policy noeviction} or
 * {@code volatile-*} with room): an evicted key is a replay accepted; with {@code noeviction} a full
 * Redis refuses the write and the store fails closed.
 *
 * <p>Thread-safe. Close it when the service stops.
 */
public final class RedisReplayStore implements ReplayStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisReplayStore.class);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PooledRedis redis;
    private final String prefix;
    private final String description;
    private final AtomicLong failures = new AtomicLong();

    private RedisReplayStore(Builder builder) {
        this.redis = builder.client("audguard-replay-store");
        this.prefix = builder.keyPrefix;
        this.description = builder.description();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean rememberIfAbsent(String key, Duration timeToLive) {
        Objects.requireNonNull(key, "key");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("timeToLive must be positive");
        }
        String redisKey = prefix + key;
        String mark = mark();
        SetParams params = SetParams.setParams().nx().px(timeToLive.toMillis());
        try {
            return "OK".equals(redis.client().set(redisKey, mark, params));
        } catch (RuntimeException first) {
            if (!PooledRedis.brokenConnection(first)) {
                throw failed(first);
            }
            log.debug("Redis replay store {}: a pooled connection was broken ({}); retrying once on a new one",
                    description, first.getClass().getSimpleName());
            redis.dropIdleConnections();
            try {
                if ("OK".equals(redis.client().set(redisKey, mark, params))) {
                    return true;
                }
                // present: set by the first attempt before its connection broke (our mark), or by another request
                return mark.equals(redis.client().get(redisKey));
            } catch (RuntimeException second) {
                throw failed(second);
            }
        }
    }

    private ReplayStoreException failed(RuntimeException e) {
        long count = failures.incrementAndGet();
        log.warn("Redis replay store {} failed ({}, {} failures so far): refusing", description, e.getClass().getSimpleName(), count);
        return new ReplayStoreException(ReplayStoreException.Kind.UNAVAILABLE, e);
    }

    /** 128 random bits, base64url: what tells this call's own write from any other's. */
    private static String mark() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The pool, for this module's tests. */
    PooledRedis pool() {
        return redis;
    }

    /**
     * How many proofs could not be recorded since the store was built (each refused with 503): a
     * counter for metrics. A broken pooled connection that the retry on a new one recovered from is not
     * counted.
     */
    public long failures() {
        return failures.get();
    }

    /** Pings Redis; down when it does not answer within the timeout. */
    @Override
    public ReplayStoreHealth health() {
        try {
            boolean up = "PONG".equalsIgnoreCase(redis.withOneRetry(c -> c.ping()));
            return new ReplayStoreHealth(description, up, OptionalLong.empty(), OptionalLong.empty(),
                    up ? "ok" : "unexpected answer to PING");
        } catch (RuntimeException e) {
            return new ReplayStoreHealth(description, false, OptionalLong.empty(), OptionalLong.empty(),
                    "unreachable: DPoP proofs are refused until Redis answers");
        }
    }

    /** Closes the connection pool. */
    @Override
    public void close() {
        redis.close();
    }

    @Override
    public String toString() {
        return "RedisReplayStore{" + description + ", prefix=" + prefix + '}';
    }

    /**
     * Configures a {@link RedisReplayStore} (the connection options are {@link RedisStoreBuilder}'s):
     * timeout default 500 ms, the longest a request waits before its 503; key prefix default
     * {@code audguard:dpop:}. Not thread-safe.
     */
    public static final class Builder extends RedisStoreBuilder<Builder> {
        private Builder() {
            super(Duration.ofMillis(500), "audguard:dpop:");
        }

        /** Builds the store; connects lazily, on the first proof or health check. */
        public RedisReplayStore build() {
            requireHost("RedisReplayStore");
            return new RedisReplayStore(this);
        }
    }
}
