package dev.audguard.redis;

import dev.audguard.exchange.SharedTokenCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A {@link SharedTokenCache} on Redis, so that the instances of a service share exchanged tokens and a
 * fleet exchanges once per subject and downstream target:
 *
 * <pre>{@code
 * RedisExchangeCache shared = RedisExchangeCache.builder()
 *     .hostAndPort("redis.internal", 6379)
 *     .build();
 * TokenExchangeClient client = TokenExchangeClient.builder()
 *     .issuer("https://idp.example.com/realms/demo")
 *     .clientSecret("orders-api", secret)
 *     .sharedCache(shared)
 *     .build();
 * }</pre>
 *
 * <p>Fails open, as a cache should and unlike {@link RedisReplayStore}: Redis down, slow or refusing
 * means the exchange client exchanges as if the cache were empty; nothing is refused because of it.
 * Commands are {@code GET}, {@code SET ... PX <ttl>} and {@code DEL} on {@code <prefix><key>} (prefix
 * default {@code audguard:exchange:}); the key is a SHA-256 the client computes, the value the
 * exchange response with its expiry, the time to live ending before the exchanged token does. The
 * values are tokens at rest: protect this Redis (ACL user, TLS, no persistence you do not need).
 *
 * <p>A pooled connection found broken (Redis restarted, an idle connection dropped by the network)
 * costs no miss: the idle connections are dropped and the command runs once more on a new connection.
 *
 * <p>Commands run on a few threads of the cache's own (default 4, queue of 1024: a full queue is a
 * miss), never on the caller's. Thread-safe. Close it when the service stops.
 */
public final class RedisExchangeCache implements SharedTokenCache, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisExchangeCache.class);

    private final PooledRedis redis;
    private final String prefix;
    private final String description;
    private final ThreadPoolExecutor executor;
    private final AtomicLong failures = new AtomicLong();

    /** Whether Redis answered a {@code PING}, for a health check. */
    public record Health(String description, boolean up, String detail) {
    }

    private RedisExchangeCache(Builder builder) {
        this.redis = builder.client("audguard-exchange-cache");
        this.prefix = builder.keyPrefix;
        this.description = builder.description();
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(builder.threads, builder.threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024), r -> {
                    Thread t = new Thread(r, "audguard-exchange-cache-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<Optional<String>> get(String key) {
        String k = prefix + requireKey(key);
        return run(client -> Optional.ofNullable(client.get(k)));
    }

    @Override
    public CompletionStage<Void> put(String key, String value, Duration timeToLive) {
        String k = prefix + requireKey(key);
        Objects.requireNonNull(value, "value");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("timeToLive must be positive");
        }
        return run(client -> {
            client.set(k, value, SetParams.setParams().px(timeToLive.toMillis()));
            return null;
        });
    }

    @Override
    public CompletionStage<Void> remove(String key) {
        String k = prefix + requireKey(key);
        return run(client -> {
            client.del(k);
            return null;
        });
    }

    private static String requireKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > 128) {
            throw new IllegalArgumentException("key must be 1 to 128 characters");
        }
        return key;
    }

    /**
     * Runs {@code command} on the cache's threads; once more on a new connection when its pooled one was
     * broken ({@code GET}, {@code SET} of one value, {@code DEL} may all run twice).
     */
    private <T> CompletableFuture<T> run(Function<RedisClient, T> command) {
        CompletableFuture<T> result;
        try {
            result = CompletableFuture.supplyAsync(() -> redis.withOneRetry(command), executor);
        } catch (RuntimeException rejected) {
            result = CompletableFuture.failedFuture(rejected);
        }
        return result.whenComplete((value, error) -> {
            if (error != null) {
                long count = failures.incrementAndGet();
                log.debug("Redis exchange cache {} failed ({} failures so far)", description, count);
            }
        });
    }

    /**
     * How many commands failed (or were turned away by a full queue) since the cache was built: a
     * counter for metrics. A broken pooled connection the retry on a new one recovered from is not counted.
     */
    public long failures() {
        return failures.get();
    }

    /** Pings Redis; down when it does not answer within the timeout (exchanges then go to the issuer). */
    public Health health() {
        try {
            boolean up = "PONG".equalsIgnoreCase(redis.withOneRetry(c -> c.ping()));
            return new Health(description, up, up ? "ok" : "unexpected answer to PING");
        } catch (RuntimeException e) {
            return new Health(description, false, "unreachable: every exchange goes to the issuer until Redis answers");
        }
    }

    /** The pool, for this module's tests. */
    PooledRedis pool() {
        return redis;
    }

    /** Stops the threads and closes the connection pool. */
    @Override
    public void close() {
        executor.shutdownNow();
        redis.close();
    }

    @Override
    public String toString() {
        return "RedisExchangeCache{" + description + ", prefix=" + prefix + '}';
    }

    /**
     * Configures a {@link RedisExchangeCache} (the connection options are {@link RedisStoreBuilder}'s):
     * timeout default 250 ms, after which the exchange goes to the issuer; key prefix default
     * {@code audguard:exchange:}. Not thread-safe.
     */
    public static final class Builder extends RedisStoreBuilder<Builder> {
        private int threads = 4;
        private boolean threadsSet;

        private Builder() {
            super(Duration.ofMillis(250), "audguard:exchange:");
        }

        /** How many threads run Redis commands (default 4; 1 to 64). */
        public Builder threads(int threads) {
            if (threadsSet) {
                throw new IllegalStateException("threads is already set");
            }
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads must be between 1 and 64, not " + threads);
            }
            this.threads = threads;
            this.threadsSet = true;
            return this;
        }

        /** Builds the cache; connects lazily, on the first command or health check. */
        public RedisExchangeCache build() {
            requireHost("RedisExchangeCache");
            return new RedisExchangeCache(this);
        }
    }
}
