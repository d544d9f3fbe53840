package dev.audguard.redis;

import dev.audguard.core.binding.DpopVerifier;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's code, compiled and run (building connects to nothing). */
class ReadmeExamplesTest {
    @Test
    void readmeBuildsAStoreAndAVerifierWithoutConnecting() {
        RedisReplayStore store = RedisReplayStore.builder()
            .hostAndPort("redis.internal", 6379)
            .timeout(Duration.ofMillis(250))        // default 500 ms: the longest a request waits for its 503
            .build();
        DpopVerifier dpop = DpopVerifier.builder()
            .externalBaseUrl(URI.create("https://api.example.com"))
            .replayStore(store)
            .build();

        assertThat(dpop.externalBaseUrl()).isEqualTo(URI.create("https://api.example.com"));
        assertThat(store.toString()).contains("redis.internal:6379");
        store.close();
    }

    @Test
    void readmeBuildsAnExchangeCacheAndAClientWithoutConnecting() {
        String secret = "b-secret";
        RedisExchangeCache shared = RedisExchangeCache.builder()
            .hostAndPort("redis.internal", 6379)
            .timeout(Duration.ofMillis(250))        // the default: after it, the exchange goes to the issuer
            .build();
        dev.audguard.exchange.TokenExchangeClient client = dev.audguard.exchange.TokenExchangeClient.builder()
            .issuer("https://idp.example.com/realms/demo")
            .clientSecret("orders-api", secret)
            .sharedCache(shared)
            .build();

        assertThat(client.clientId()).isEqualTo("orders-api");
        assertThat(shared.toString()).contains("redis.internal:6379").contains("audguard:exchange:");
        shared.close();
    }
}
