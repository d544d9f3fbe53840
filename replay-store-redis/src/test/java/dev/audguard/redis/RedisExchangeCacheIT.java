package dev.audguard.redis;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.ExchangeRequest;
import dev.audguard.exchange.ExchangedToken;
import dev.audguard.exchange.SharedTokenCache;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared exchange cache on a real redis-server of the test's own: two instances of a service
 * exchange once; the key and value Redis holds; Redis killed means exchanging (never refusing),
 * Redis back means sharing again. Exchanges are counted in the reference issuer's request log.
 */
class RedisExchangeCacheIT {
    static RedisServer redis;
    static ReferenceIssuer issuer;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.startIfInstalled();
        issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @BeforeEach
    void needsRedis(TestInfo test) {
        if (!test.getTags().contains("no-redis")) {
            RedisServer.assumeRunning(redis);
        }
        demo().requests().clear();
    }

    static RealmHandle demo() {
        return issuer.realm("demo");
    }

    /** Keeps the futures of the writes, so a test can wait for a write before the next instance reads. */
    static final class Writes implements SharedTokenCache {
        final SharedTokenCache delegate;
        final List<CompletableFuture<Void>> puts = new CopyOnWriteArrayList<>();

        Writes(SharedTokenCache delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletionStage<Optional<String>> get(String key) {
            return delegate.get(key);
        }

        @Override
        public CompletionStage<Void> put(String key, String value, Duration timeToLive) {
            CompletableFuture<Void> put = delegate.put(key, value, timeToLive).toCompletableFuture();
            puts.add(put);
            return put;
        }

        @Override
        public CompletionStage<Void> remove(String key) {
            return delegate.remove(key);
        }

        void awaitWrites() {
            for (CompletableFuture<Void> put : puts) {
                put.handle((v, e) -> null).orTimeout(20, TimeUnit.SECONDS).join();
            }
        }
    }

    RedisExchangeCache cache(String prefix) {
        return RedisExchangeCache.builder().hostAndPort("127.0.0.1", redis.port()).keyPrefix(prefix).build();
    }

    static TokenExchangeClient instance(SharedTokenCache shared) {
        return TokenExchangeClient.builder().tokenEndpoint(demo().tokenEndpoint()).clientSecret("service-b", "b-secret")
                .sharedCache(shared).sharedCacheTimeout(Duration.ofSeconds(2)).build();
    }

    static VerifiedToken alice() {
        String raw = demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        return TokenValidator.builder().issuer(demo().issuerUrl()).audience("service-b").build().validate(raw);
    }

    static ExchangeRequest forC(VerifiedToken subject) {
        return ExchangeRequest.forSubject(subject).audience("service-c").build();
    }

    @Test
    void twoInstancesSharingRedisExchangeOnceAndRedisHoldsOnlyTheResponseWithATimeToLive() {
        try (RedisExchangeCache redisCache = cache("it:share:"); RedisClient jedis = RedisClient.create("127.0.0.1", redis.port())) {
            Writes shared = new Writes(redisCache);
            VerifiedToken alice = alice();

            ExchangedToken first = instance(shared).exchange(forC(alice));
            shared.awaitWrites();
            ExchangedToken second = instance(shared).exchange(forC(alice));

            assertThat(demo().requests().exchanges()).hasSize(1);
            assertThat(second.accessToken()).isEqualTo(first.accessToken());
            List<String> keys = List.copyOf(jedis.keys("it:share:*"));
            assertThat(keys).singleElement().satisfies(k -> assertThat(k).matches("it:share:[0-9a-f]{64}"));
            String value = jedis.get(keys.get(0));
            assertThat(value).contains(first.accessToken()).doesNotContain(alice.rawToken());
            long ttlMillis = jedis.pttl(keys.get(0));
            assertThat(ttlMillis).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(300 - 29).toMillis());
            assertThat(redisCache.health().up()).isTrue();
        }
    }

    @Test
    void redisKilledMeansExchangingNeverRefusingAndRedisBackMeansSharingAgain() throws Exception {
        try (RedisExchangeCache redisCache = cache("it:outage:")) {
            Writes shared = new Writes(redisCache);
            VerifiedToken alice = alice();
            redis.kill();
            try {
                ExchangedToken one = instance(shared).exchange(forC(alice));
                ExchangedToken two = instance(shared).exchange(forC(alice));

                assertThat(one.accessToken()).isNotEmpty();
                assertThat(two.accessToken()).isNotEmpty();
                assertThat(demo().requests().exchanges()).hasSize(2);
                shared.awaitWrites();
                assertThat(redisCache.failures()).isPositive();
                assertThat(redisCache.health().up()).isFalse();
                assertThat(redisCache.health().detail()).contains("every exchange goes to the issuer");
            } finally {
                redis.restart();
            }

            demo().requests().clear();
            ExchangedToken three = instance(shared).exchange(forC(alice));
            shared.awaitWrites();
            ExchangedToken four = instance(shared).exchange(forC(alice));

            assertThat(demo().requests().exchanges()).hasSize(1);
            assertThat(four.accessToken()).isEqualTo(three.accessToken());
            assertThat(redisCache.health().up()).isTrue();
        }
    }

    @Test
    @Tag("no-redis")
    void anUnreachableRedisIsAnEmptyCache() {
        // a port nothing listens on: connection refused at once
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (RedisExchangeCache nowhere = RedisExchangeCache.builder().hostAndPort("127.0.0.1", closedPort).build()) {
            ExchangedToken token = instance(nowhere).exchange(forC(alice()));

            assertThat(token.accessToken()).isNotEmpty();
            assertThat(demo().requests().exchanges()).hasSize(1);
            assertThat(nowhere.health().up()).isFalse();
        }
    }

    @Test
    @Tag("no-redis")
    void builderOptionsAreCheckedAtTheCall() {
        assertThatThrownBy(() -> RedisExchangeCache.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessage("RedisExchangeCache needs hostAndPort(host, port)");
        assertThatThrownBy(() -> RedisExchangeCache.builder().threads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 64");
        assertThatThrownBy(() -> RedisExchangeCache.builder().keyPrefix("has space"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisExchangeCache.builder().timeout(Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 10 ms and 10 s");
        try (RedisExchangeCache cache = RedisExchangeCache.builder().hostAndPort("redis.internal", 6379).build()) {
            assertThat(cache).hasToString("RedisExchangeCache{redis redis.internal:6379, prefix=audguard:exchange:}");
        }
    }
}
