package dev.audguard.redis;

import dev.audguard.core.binding.BindingReason;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.ReplayStoreException;
import dev.audguard.core.binding.SenderBindingException;
import dev.audguard.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a real redis-server of the test's own (skipped with a notice where it is not installed). */
class RedisReplayStoreIT {
    static final String BASE = "https://api.example.com";
    static final String PATH = "/orders/42";
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";

    static RedisServer redis;
    // the SDK's own client-side signer: these tests are about the store, not about how a proof is made
    static DpopProofSigner client;
    static String jkt;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.startIfInstalled();
        client = DpopProofSigner.generate();
        jkt = client.thumbprint();
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void needsRedis(TestInfo test) {
        if (!test.getTags().contains("no-redis")) {
            RedisServer.assumeRunning(redis);
        }
    }

    RedisReplayStore store(String prefix) {
        return RedisReplayStore.builder().hostAndPort("127.0.0.1", redis.port()).timeout(Duration.ofMillis(500)).keyPrefix(prefix).build();
    }

    DpopVerifier verifier(RedisReplayStore store) {
        return DpopVerifier.builder().externalBaseUrl(URI.create(BASE)).replayStore(store).build();
    }

    static String proof() {
        return client.proof("GET", URI.create(BASE + PATH), TOKEN, null);
    }

    static BindingReason reasonOf(Runnable check) {
        return assertThatExceptionOfType(SenderBindingException.class).as("expected a refusal").isThrownBy(check::run).actual().reason();
    }

    @Test
    void rememberIfAbsentSetsOnceWithTheTimeToLive() {
        try (RedisReplayStore store = store("t1:"); RedisClient raw = RedisClient.create("127.0.0.1", redis.port())) {
            assertThat(store.rememberIfAbsent("k", Duration.ofSeconds(90))).isTrue();
            assertThat(store.rememberIfAbsent("k", Duration.ofSeconds(90))).isFalse();

            long ttl = raw.pttl("t1:k");
            assertThat(ttl).isBetween(1L, 90_000L);
            // the value is the first call's random mark (128 bits, base64url): no token or proof text
            assertThat(raw.get("t1:k")).matches("[A-Za-z0-9_-]{22}");
            assertThat(store.health().up()).isTrue();
            assertThat(store.health().store()).isEqualTo("redis 127.0.0.1:" + redis.port());
        }
    }

    @Test
    void twoInstancesSharingRedisRefuseAProofReplayedAcrossThem() throws Exception {
        try (RedisReplayStore a = store("shared:"); RedisReplayStore b = store("shared:")) {
            DpopVerifier instanceA = verifier(a);
            DpopVerifier instanceB = verifier(b);
            String proof = proof();

            assertThat(instanceA.verify("GET", PATH, List.of(proof), TOKEN, jkt).keyThumbprint()).isEqualTo(jkt);
            assertThat(reasonOf(() -> instanceB.verify("GET", PATH, List.of(proof), TOKEN, jkt))).isEqualTo(BindingReason.DPOP_PROOF_REPLAYED);
            assertThat(instanceB.verify("GET", PATH, List.of(proof()), TOKEN, jkt)).isNotNull();
        }
    }

    @Test
    void redisKilledMidRunRefusesWith503AndRecoversWhenBack() throws Exception {
        try (RedisReplayStore store = store("outage:")) {
            DpopVerifier verifier = verifier(store);
            assertThat(verifier.verify("GET", PATH, List.of(proof()), TOKEN, jkt)).isNotNull();

            redis.kill();
            try {
                String proof = proof();
                BindingReason reason = reasonOf(() -> verifier.verify("GET", PATH, List.of(proof), TOKEN, jkt));
                assertThat(reason).isEqualTo(BindingReason.REPLAY_STORE_UNAVAILABLE);
                assertThat(reason.httpStatus()).isEqualTo(503);
                assertThat(reason.errorCode()).isEqualTo("temporarily_unavailable");
                assertThat(store.health().up()).isFalse();
                assertThat(store.failures()).isPositive();
            } finally {
                redis.restart();
            }

            String proof = proof();
            assertThat(verifier.verify("GET", PATH, List.of(proof), TOKEN, jkt)).isNotNull();
            assertThat(reasonOf(() -> verifier.verify("GET", PATH, List.of(proof), TOKEN, jkt))).isEqualTo(BindingReason.DPOP_PROOF_REPLAYED);
            assertThat(store.health().up()).isTrue();
        }
    }

    @Test
    void concurrentReplaysAcrossInstancesAcceptExactlyOne() throws Exception {
        int instances = 8;
        String proof = proof();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(instances);
        List<RedisReplayStore> stores = new java.util.ArrayList<>();
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < instances; i++) {
                RedisReplayStore store = store("race:");
                stores.add(store);
                DpopVerifier verifier = verifier(store);
                results.add(pool.submit(() -> {
                    go.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    try {
                        verifier.verify("GET", PATH, List.of(proof), TOKEN, jkt);
                        return true;
                    } catch (SenderBindingException e) {
                        assertThat(e.reason()).isEqualTo(BindingReason.DPOP_PROOF_REPLAYED);
                        return false;
                    }
                }));
            }
            go.countDown();
            int accepted = 0;
            for (java.util.concurrent.Future<Boolean> result : results) {
                accepted += result.get(30, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            stores.forEach(RedisReplayStore::close);
        }
    }

    @Test
    @Tag("no-redis")
    void unreachableRedisFailsClosedWithinTheTimeout() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (RedisReplayStore store = RedisReplayStore.builder().hostAndPort("127.0.0.1", closedPort).timeout(Duration.ofMillis(200)).build()) {
            assertThatThrownBy(() -> store.rememberIfAbsent("k", Duration.ofSeconds(60)))
                    .isInstanceOfSatisfying(ReplayStoreException.class, e -> assertThat(e.kind()).isEqualTo(ReplayStoreException.Kind.UNAVAILABLE));
            assertThat(store.health().up()).isFalse();
            assertThat(store.health().detail()).startsWith("unreachable");
        }
    }

    @Test
    @Tag("no-redis")
    void builderNamesWhatIsWrong() {
        assertThatThrownBy(() -> RedisReplayStore.builder().build()).hasMessageContaining("hostAndPort");
        assertThatThrownBy(() -> RedisReplayStore.builder().hostAndPort("h", 0)).hasMessageContaining("port 0");
        assertThatThrownBy(() -> RedisReplayStore.builder().timeout(Duration.ofMinutes(1))).hasMessageContaining("10 ms and 10 s");
        assertThatThrownBy(() -> RedisReplayStore.builder().keyPrefix("has space")).hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> RedisReplayStore.builder().hostAndPort("h", 1).hostAndPort("h", 2)).isInstanceOf(IllegalStateException.class);
    }
}
