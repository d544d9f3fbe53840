package dev.audguard.spring.reactive;

import com.sun.net.httpserver.HttpServer;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cold start of a reactive service: 200 concurrent requests while the issuer's JWKS is still
 * being fetched make one JWKS request (sdk-core's single flight, reached from boundedElastic).
 */
class ColdStartIT {
    private static final int REQUESTS = 200;

    @Test
    void aColdStartOf200ConcurrentRequestsMakesOneJwksRequest() throws Exception {
        AtomicInteger jwksRequests = new AtomicInteger();
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        HttpServer jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        try (ReactiveService service = new ReactiveService()) {
            RealmHandle demo = service.issuer().realm("demo");
            byte[] keys = demo.keys().jwksJson().getBytes(StandardCharsets.UTF_8);
            jwks.createContext("/jwks", exchange -> {
                jwksRequests.incrementAndGet();
                arrived.countDown();
                try {
                    // hold the first fetch until every request is on its way
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, keys.length);
                exchange.getResponseBody().write(keys);
                exchange.close();
            });
            jwks.setExecutor(pool);
            jwks.start();
            String jwksUri = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
            service.start(demo.issuerUrl(), "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwksUri);
            URI uri = service.uri("/api/data");
            String token = demo.mint().subject("alice").audience("reactive-service").sign();

            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                responses.add(Http.CLIENT.sendAsync(Http.request(uri, "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            assertThat(arrived.await(20, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            assertThat(responses).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(200));
            assertThat(jwksRequests).hasValue(1);
        } finally {
            release.countDown();
            jwks.stop(0);
            pool.shutdownNow();
        }
    }
}
