package dev.audguard.redis;

import dev.audguard.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both Redis stores after Redis restarts under a pool full of idle connections, on a real
 * redis-server of the test's own (skipped with a notice where it is not installed): the first request
 * after the restart is served (without the retry on a new connection it failed, 503 for the replay
 * store, a miss for the cache), and so is every one after it; and the replay
 * store's one retry never turns a replay into an accept, whichever attempt reached Redis (a proxy in
 * front of Redis loses the reply of a {@code SET} that Redis did run).
 */
class RedisRecoveryIT {
    /** How many connections each pool holds when Redis restarts. */
    static final int POOLED = 4;

    static RedisServer redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.startIfInstalled();
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void needsRedis() {
        RedisServer.assumeRunning(redis);
    }

    /**
     * Makes the pool hold {@link #POOLED} connections: Redis holds writes (CLIENT PAUSE WRITE) while as
     * many {@code writes} run at once, each on a connection of its own, until Redis lists them all.
     */
    static void fillThePool(PooledRedis pool, String clientName, List<Callable<Object>> writes) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(writes.size());
        try (Jedis admin = new Jedis("127.0.0.1", redis.port(), 20_000)) {
            admin.clientPause(60_000, ClientPauseMode.WRITE);
            List<Future<Object>> running = new ArrayList<>();
            try {
                for (Callable<Object> write : writes) {
                    running.add(threads.submit(write));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (connections(admin, clientName) < writes.size()) {
                    assertThat(System.nanoTime()).as("the writes connected within 30 s").isLessThan(deadline);
                    Thread.onSpinWait();
                }
            } finally {
                admin.clientUnpause();
            }
            for (Future<Object> write : running) {
                write.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(pool.idleConnections()).isEqualTo(writes.size());
    }

    static long connections(Jedis admin, String clientName) {
        return admin.clientList().lines().filter(l -> l.contains(" name=" + clientName + " ")).count();
    }

    @Test
    void theReplayStoreServesTheFirstProofAfterARestartWithEveryPooledConnectionDead() throws Exception {
        try (RedisReplayStore store = RedisReplayStore.builder().hostAndPort("127.0.0.1", redis.port())
                .timeout(Duration.ofSeconds(10)).keyPrefix("recovery:").build()) {
            List<Callable<Object>> writes = new ArrayList<>();
            for (int i = 0; i < POOLED; i++) {
                String key = "before-" + i;
                writes.add(() -> store.rememberIfAbsent(key, Duration.ofMinutes(2)));
            }
            fillThePool(store.pool(), "audguard-replay-store", writes);

            redis.kill();
            redis.restart();

            // the first of these met a dead pooled connection and was refused with 503 before the retry
            for (int i = 0; i <= POOLED; i++) {
                assertThat(store.rememberIfAbsent("after-" + i, Duration.ofMinutes(2))).as("proof %d after the restart", i).isTrue();
            }
            assertThat(store.rememberIfAbsent("after-0", Duration.ofMinutes(2))).as("a replay after the restart").isFalse();
            assertThat(store.failures()).isZero();
            assertThat(store.health().up()).isTrue();
        }
    }

    @Test
    void theExchangeCacheSharesAgainFromTheFirstCommandAfterARestartWithEveryPooledConnectionDead() throws Exception {
        try (RedisExchangeCache cache = RedisExchangeCache.builder().hostAndPort("127.0.0.1", redis.port())
                .timeout(Duration.ofSeconds(10)).threads(POOLED).keyPrefix("recovery-cache:").build()) {
            List<Callable<Object>> writes = new ArrayList<>();
            for (int i = 0; i < POOLED; i++) {
                String key = "before-" + i;
                writes.add(() -> cache.put(key, "value", Duration.ofMinutes(2)).toCompletableFuture().get(30, TimeUnit.SECONDS));
            }
            fillThePool(cache.pool(), "audguard-exchange-cache", writes);

            redis.kill();
            redis.restart();

            for (int i = 0; i <= POOLED; i++) {
                cache.put("after-" + i, "value-" + i, Duration.ofMinutes(2)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            for (int i = 0; i <= POOLED; i++) {
                assertThat(cache.get("after-" + i).toCompletableFuture().get(30, TimeUnit.SECONDS)).contains("value-" + i);
            }
            assertThat(cache.failures()).isZero();
        }
    }

    @Test
    void aProofWhoseFirstSetReachedRedisButWhoseReplyWasLostIsAcceptedOnce() throws Exception {
        try (ReplyDroppingProxy proxy = new ReplyDroppingProxy(redis.port());
             RedisReplayStore store = RedisReplayStore.builder().hostAndPort("127.0.0.1", proxy.port())
                     .timeout(Duration.ofSeconds(10)).keyPrefix("lost-reply:").build();
             Jedis raw = new Jedis("127.0.0.1", redis.port(), 20_000)) {
            assertThat(store.health().up()).isTrue();

            proxy.loseTheReplyToTheNextSet();
            // the first SET wrote the key before its connection broke; the retry finds it, with this call's own mark
            assertThat(store.rememberIfAbsent("first-use", Duration.ofMinutes(2))).isTrue();

            assertThat(proxy.lostReplies()).isEqualTo(1);
            assertThat(raw.get("lost-reply:first-use")).isNotNull();
            assertThat(store.rememberIfAbsent("first-use", Duration.ofMinutes(2))).as("the replay").isFalse();
            assertThat(store.failures()).isZero();
        }
    }

    @Test
    void aReplayWhoseSetReachedRedisButWhoseReplyWasLostIsStillRefused() throws Exception {
        try (ReplyDroppingProxy proxy = new ReplyDroppingProxy(redis.port());
             RedisReplayStore store = RedisReplayStore.builder().hostAndPort("127.0.0.1", proxy.port())
                     .timeout(Duration.ofSeconds(10)).keyPrefix("lost-reply:").build();
             RedisReplayStore otherInstance = RedisReplayStore.builder().hostAndPort("127.0.0.1", redis.port())
                     .timeout(Duration.ofSeconds(10)).keyPrefix("lost-reply:").build()) {
            assertThat(otherInstance.rememberIfAbsent("used", Duration.ofMinutes(2))).isTrue();

            proxy.loseTheReplyToTheNextSet();
            assertThat(store.rememberIfAbsent("used", Duration.ofMinutes(2))).isFalse();

            assertThat(proxy.lostReplies()).isEqualTo(1);
            assertThat(store.failures()).isZero();
        }
    }

    @Test
    void aCacheCommandWhoseReplyWasLostIsRunAgainOnANewConnection() throws Exception {
        try (ReplyDroppingProxy proxy = new ReplyDroppingProxy(redis.port());
             RedisExchangeCache cache = RedisExchangeCache.builder().hostAndPort("127.0.0.1", proxy.port())
                     .timeout(Duration.ofSeconds(10)).keyPrefix("lost-reply-cache:").build()) {
            assertThat(cache.health().up()).isTrue();

            proxy.loseTheReplyToTheNextSet();
            cache.put("k", "v", Duration.ofMinutes(2)).toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(proxy.lostReplies()).isEqualTo(1);
            assertThat(cache.get("k").toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(Optional.of("v"));
            assertThat(cache.failures()).isZero();
        }
    }
}
