package dev.audguard.samples.reactive;

import dev.audguard.conformance.AdapterConformance;
import dev.audguard.conformance.TokenSource;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample started as its users start it (its main class, the documented arguments) against a
 * reference issuer's built-in demo realm, whose {@code reactive-service} client scope gives alice's
 * token through service-a the audience {@code reactive-service}. The conformance kit runs against
 * {@code GET /api/data}, with a second issuer (a cold one whose keys the kit makes unreachable).
 * No other test here sends a token: the kit needs a service that has fetched no key yet. The kit's
 * DPoP cases run too: the sample is started with {@code --public-url}, as behind a proxy, since its
 * port is chosen at start and proofs' {@code htu} must name the URL clients call.
 */
class ReactiveServiceConformanceIT {
    private static ReferenceIssuer issuer;
    private static ReferenceIssuer cold;
    private static ConfigurableApplicationContext context;
    private static URI base;
    private static String announced;
    private static final String PUBLIC_URL = "https://reactive-service.example.com";

    @BeforeAll
    static void start() {
        issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
        cold = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            context = SpringApplication.run(ReactiveService.class, "--port=0", "--issuer=" + issuer.issuerUrl("demo"),
                    "--audguard.issuers[0].uri=" + cold.issuerUrl("demo"), "--public-url=" + PUBLIC_URL);
        } finally {
            System.setOut(out);
        }
        announced = captured.toString(StandardCharsets.UTF_8);
        base = URI.create("http://127.0.0.1:" + ((ReactiveWebServerApplicationContext) context).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (issuer != null) {
            issuer.close();
        }
        if (cold != null) {
            cold.close();
        }
    }

    @Test
    void saysWhereItListensLikeTheOtherSamples() {
        assertThat(announced).contains("reactive-service listening on " + base);
    }

    /**
     * The metadata names the URL clients call. It does not list DPoP yet: adapter-spring's reactive
     * auto-configuration gives the front door its metadata whole, and a front door keeps given
     * metadata as it is, without the sender binding's fields (an adapter-spring / sdk-core change).
     */
    @Test
    void itsMetadataNamesTheUrlClientsCall() throws Exception {
        HttpResponse<String> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.resolve("/.well-known/oauth-protected-resource")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).contains("\"resource\":\"" + PUBLIC_URL + "\"")
                .contains("\"dpop_signing_alg_values_supported\":[\"ES256\"]", "\"dpop_bound_access_tokens_required\":false");
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return AdapterConformance.builder()
                .realm(issuer.realm("demo"))
                .protectedUrl(base.resolve("/api/data"))
                .audience("reactive-service")
                // as a client gets one from the demo realm: alice through service-a, scope=reactive-service
                .rightToken(TokenSource.passwordGrant("service-a", "a-secret", "alice", "alice", "reactive-service"))
                .keysUnavailableAt(base.resolve("/api/data"), cold.realm("demo"))
                // a bound token with a fresh proof 200; no proof, a wrong one, a replay, or as Bearer 401
                .dpopAt(base.resolve("/api/data"), URI.create(PUBLIC_URL + "/api/data"))
                .build()
                .tests();
    }
}
