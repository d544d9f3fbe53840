package dev.audguard.spring;

import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.exchange.ExchangeRequest;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.redis.RedisExchangeCache;
import dev.audguard.redis.RedisReplayStore;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.audguard.spring.MvcSenderConstraintsIT.EXTERNAL;
import static dev.audguard.spring.SenderConstraintFixtures.boundToKey;
import static dev.audguard.spring.SenderConstraintFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis stores wired by properties, against a real {@code redis-server} of the test's own on a
 * free loopback port (skipped with a notice naming the install command where it is not installed):
 * two Spring MVC instances sharing {@code audguard.dpop.replay-store.redis.uri} refuse a proof
 * replayed across them; Redis killed means 503 (never acceptance), health {@code DOWN} and the
 * failure counted; Redis back means service again. The shared exchange cache of
 * {@code audguard.exchange.shared-cache.redis.uri} lets the second instance reuse the first one's
 * exchange (a shared-cache hit in its meters).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisStoresIT {
    /** The issuer MvcSenderConstraintsIT.start trusts, running for this class too. */
    @RegisterExtension
    static final DemoIssuer issuer = MvcSenderConstraintsIT.issuer;
    static RedisServer redis;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.startIfInstalled();
        if (redis == null) {
            return;
        }
        first = instance();
        second = instance();
    }

    static ConfigurableApplicationContext instance() {
        String uri = "redis://127.0.0.1:" + redis.port();
        return MvcSenderConstraintsIT.start(List.of(MvcSenderConstraintsIT.Service.class), List.of(
                "audguard.dpop.external-base-url", EXTERNAL,
                "audguard.dpop.replay-store.redis.uri", uri,
                // generous: a loaded CI machine must not turn a slow answer into a refusal
                "audguard.dpop.replay-store.redis.timeout", "5s",
                "audguard.exchange.client-id", "service-b",
                "audguard.exchange.client-secret", "b-secret",
                "audguard.exchange.targets.service-c.base-url", "https://service-c.internal",
                "audguard.exchange.targets.service-c.audience", "service-c",
                "audguard.exchange.shared-cache.redis.uri", uri,
                "audguard.exchange.shared-cache.redis.timeout", "5s"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {first, second}) {
            if (context != null) {
                context.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    static URI base(ConfigurableApplicationContext context) {
        return URI.create("http://127.0.0.1:" + MvcSenderConstraintsIT.port(context));
    }

    /** A token for the service bound to {@code key}. */
    static String boundTo(DpopProofSigner key) {
        return boundToKey(issuer.demo(), MvcSenderConstraintsIT.AUDIENCE, key);
    }

    /** {@code key}'s proof for {@code GET /api/data} with {@code token}. */
    static String proof(DpopProofSigner key, String token) {
        return key.proof("GET", URI.create(EXTERNAL + "/api/data"), token, null);
    }

    static HttpResponse<String> call(ConfigurableApplicationContext context, String token, String proof) throws Exception {
        return send(Http.CLIENT, HttpRequest.newBuilder(base(context).resolve("/api/data")).GET()
                .header("Authorization", "DPoP " + token).header("DPoP", proof));
    }

    static Status health(ConfigurableApplicationContext context, String indicator) {
        return context.getBean(indicator, HealthIndicator.class).health().getStatus();
    }

    /**
     * Tells when a shared-cache entry was written, from Redis's own keyspace notifications: a latch,
     * not a sleep. Subscribed before the write, so the event cannot be missed.
     */
    static final class SharedCacheWrites implements AutoCloseable {
        private final Jedis control;
        private final Jedis subscriber;
        private final CountDownLatch subscribed = new CountDownLatch(1);
        private final CountDownLatch written = new CountDownLatch(1);
        private final JedisPubSub events = new JedisPubSub() {
            @Override
            public void onPSubscribe(String pattern, int subscribedChannels) {
                subscribed.countDown();
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                if ("set".equals(message)) {
                    written.countDown();
                }
            }
        };
        private final Thread listening;

        SharedCacheWrites(int port) throws InterruptedException {
            control = new Jedis("127.0.0.1", port);
            control.configSet("notify-keyspace-events", "K$");
            subscriber = new Jedis("127.0.0.1", port);
            listening = new Thread(() -> subscriber.psubscribe(events, "__keyspace@0__:audguard:exchange:*"), "shared-cache-writes");
            listening.setDaemon(true);
            listening.start();
            assertThat(subscribed.await(20, TimeUnit.SECONDS)).as("subscribed to Redis keyspace events").isTrue();
        }

        void awaitOne() throws InterruptedException {
            assertThat(written.await(20, TimeUnit.SECONDS)).as("the shared cache entry was written").isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            events.punsubscribe();
            listening.join(20_000);
            subscriber.close();
            control.close();
        }
    }

    @Test
    @Order(1)
    void aProofReplayedToAnotherInstanceIsRefused() throws Exception {
        RedisServer.assumeRunning(redis);
        DpopProofSigner key = DpopProofSigner.generate();
        String token = boundTo(key);
        String proof = proof(key, token);

        assertThat(call(first, token, proof).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = call(second, token, proof);

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.headers().allValues("WWW-Authenticate").get(1)).contains("The DPoP proof was used before.");
        assertThat(first.getBean(RedisReplayStore.class)).isNotNull();
    }

    /** Last: after Redis comes back, each instance's first call may still meet a broken pooled connection. */
    @Test
    @Order(3)
    void redisDownIs503AndDownHealthAndRedisBackIsServiceAgain() throws Exception {
        RedisServer.assumeRunning(redis);
        DpopProofSigner key = DpopProofSigner.generate();
        String token = boundTo(key);
        assertThat(health(first, "audguardReplayStoreHealthIndicator")).isEqualTo(Status.UP);
        MeterRegistry meters = first.getBean(MeterRegistry.class);

        redis.kill();
        HttpResponse<String> down;
        try {
            down = call(first, token, proof(key, token));

            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).isPresent();
            assertThat(health(first, "audguardReplayStoreHealthIndicator")).isEqualTo(Status.DOWN);
            assertThat(health(first, "audguardExchangeCacheHealthIndicator")).isEqualTo(Status.DOWN);
            assertThat(meters.get("audguard.sender.bindings").tag("reason", "replay_store_unavailable").counter().count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(meters.get("audguard.dpop.replay-store.failures").functionCounter().count()).isGreaterThanOrEqualTo(1);
        } finally {
            redis.restart();
        }

        // a pooled connection opened before the restart fails once (answered 503, never accepted) and is
        // replaced: service is back within a few requests, whatever the pool held
        int status = 0;
        for (int attempt = 0; attempt < 3 && status != 200; attempt++) {
            status = call(first, token, proof(key, token)).statusCode();
            assertThat(status).isIn(200, 503);
        }

        assertThat(status).isEqualTo(200);
        assertThat(health(first, "audguardReplayStoreHealthIndicator")).isEqualTo(Status.UP);
        assertThat(down.body()).doesNotContain(token);
    }

    @Test
    @Order(2)
    void theSecondInstanceReusesTheFirstOnesExchangeThroughTheSharedCache() throws Exception {
        RedisServer.assumeRunning(redis);
        String subject = issuer.demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        assertThat(first.getBean(RedisExchangeCache.class)).isNotNull();

        String once;
        // the first instance writes to Redis without waiting: the second reads once Redis says it was written
        try (SharedCacheWrites writes = new SharedCacheWrites(redis.port())) {
            once = first.getBean(TokenExchangeClient.class)
                    .exchange(ExchangeRequest.forSubject(subject).audience("service-c").build()).accessToken();
            writes.awaitOne();
        }
        String again = second.getBean(TokenExchangeClient.class)
                .exchange(ExchangeRequest.forSubject(subject).audience("service-c").build()).accessToken();

        // compared, never printed: a token in a test report is a token in a CI log
        assertThat(again.equals(once)).as("the second instance got the token the first one exchanged").isTrue();
        assertThat(second.getBean(MeterRegistry.class).get("audguard.exchange.shared-cache").tag("result", "hit").counter().count())
                .isEqualTo(1);
    }
}
