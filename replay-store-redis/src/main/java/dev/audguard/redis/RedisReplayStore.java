package dev.audguard.redis;

import dev.audguard.core.binding.ReplayStore;
import dev.audguard.core.binding.ReplayStoreException;
import dev.audguard.core.binding.ReplayStoreHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ReplayStore} on Redis, so that a DPoP proof accepted by one instance of a service is refused
 * as a replay by every other: {@code SET <prefix><key> 1 NX PX <ttl>}, one round trip per proof.
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

    private final RedisClient client;
    private final String prefix;
    private final String description;
    private final AtomicLong failures = new AtomicLong();

    private RedisReplayStore(Builder builder) {
        this.client = builder.client("audguard-replay-store");
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
        String answer;
        try {
            answer = client.set(prefix + key, "1", SetParams.setParams().nx().px(timeToLive.toMillis()));
        } catch (RuntimeException e) {
            long count = failures.incrementAndGet();
            log.warn("Redis replay store {} failed ({}, {} failures so far): refusing", description, e.getClass().getSimpleName(), count);
            throw new ReplayStoreException(ReplayStoreException.Kind.UNAVAILABLE, e);
        }
        return "OK".equals(answer);
    }

    /** How many commands failed since the store was built: a counter for metrics. */
    public long failures() {
        return failures.get();
    }

    /** Pings Redis; down when it does not answer within the timeout. */
    @Override
    public ReplayStoreHealth health() {
        try {
            boolean up = "PONG".equalsIgnoreCase(client.ping());
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
        client.close();
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
