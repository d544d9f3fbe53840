package dev.audguard.spring.reactive;

import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchange that hung one time in a few dozen on Reactor Netty 1.3.7 (reactor/reactor-netty#4361):
 * the RFC 9728 metadata, then a request without a token, on one kept-alive connection. With Reactor
 * Netty's {@code lastFlushWhenNoRead} switch (set for every test JVM by the build, and documented in
 * adapter-spring's README) each request gets its answer; without it this test fails within a few
 * hundred rounds (seen at rounds 2, 13, 146, 166 of one run).
 */
class ReactorNettyKeepAliveIT {
    private static final int ROUNDS = 400;

    @RegisterExtension
    static final ReactiveService service = new ReactiveService();

    @BeforeAll
    static void start() {
        service.start(service.issuer().realm("demo").issuerUrl(),
                "audguard.resource-metadata.resource", "https://reactive.example.com/");
    }

    @Test
    void theBuildSetsReactorNettysKeepAliveSwitch() {
        assertThat(System.getProperty("reactor.netty.http.server.lastFlushWhenNoRead")).isEqualTo("true");
    }

    @Test
    void everyRequestOnAKeptAliveConnectionIsAnsweredAfterTheMetadata() throws Exception {
        // one connection, reused: the pool keeps it alive between the requests
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI metadata = service.uri("/.well-known/oauth-protected-resource");
        URI data = service.uri("/api/data");
        for (int round = 0; round < ROUNDS; round++) {
            HttpResponse<String> first = client.send(Http.request(metadata).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = client.send(Http.request(data).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).as("metadata, round %d", round).isEqualTo(200);
            assertThat(second.statusCode()).as("no token, round %d", round).isEqualTo(401);
        }
    }
}
