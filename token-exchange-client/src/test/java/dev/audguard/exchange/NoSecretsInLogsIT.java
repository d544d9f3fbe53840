package dev.audguard.exchange;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.audguard.core.Fingerprints;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * With every audguard logger at DEBUG (see {@code simplelogger.properties}), no subject token,
 * exchanged token, client secret or client assertion reaches the log, whatever happens: success,
 * cache hits, every failure category, an issuer that echoes the token back, retries, and a
 * downstream that refuses tokens. Fingerprints do reach it.
 */
class NoSecretsInLogsIT {
    private static final String TOKEN = "/realms/demo/protocol/openid-connect/token";

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static WireMockServer wiremock;
    @RegisterExtension
    final CapturedLog captured = new CapturedLog();

    @BeforeAll
    static void startWireMock() {
        wiremock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wiremock.start();
    }

    @AfterAll
    static void stopWireMock() {
        wiremock.stop();
    }

    private String log() {
        return captured.text();
    }

    @Test
    void theWholeExchangeAndDownstreamFlowLogsFingerprintsNeverTokens() throws Exception {
        RealmHandle demo = issuer.realm("demo");
        List<String> secrets = new ArrayList<>(List.of("b-secret", "a-secret"));
        VerifiedToken alice = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build()
                .validate(demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken());
        secrets.add(alice.rawToken());
        TokenExchangeClient exchange = TokenExchangeClient.builder().issuer(demo.issuerUrl())
                .clientSecret("service-b", "b-secret").build();

        // success, then a cache hit
        ExchangedToken exchanged = exchange.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build());
        exchange.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build());
        secrets.add(exchanged.accessToken());
        // every category the issuer can produce
        String forged = demo.mint().subject("alice").asIssuedTo("service-a").signedWithUnknownKey().sign();
        secrets.add(forged);
        catchThrowableOfType(TokenExchangeException.class,
                () -> exchange.exchange(ExchangeRequest.forSubject(forged).audience("service-c").build()));
        catchThrowableOfType(TokenExchangeException.class,
                () -> exchange.exchange(ExchangeRequest.forSubject(alice).audience("reports-api").build()));
        catchThrowableOfType(TokenExchangeException.class, () -> TokenExchangeClient.builder().issuer(demo.issuerUrl())
                .clientSecret("service-b", "wrong-secret-value").build()
                .exchange(ExchangeRequest.forSubject(alice).audience("service-c").build()));
        secrets.add("wrong-secret-value");

        // a downstream that refuses the first token: invalidate, re-exchange, retry
        try (Downstream downstream = new Downstream()) {
            AtomicInteger calls = new AtomicInteger();
            downstream.answering(r -> calls.getAndIncrement() == 0 ? Downstream.Answer.invalidToken() : Downstream.Answer.ok("ok"));
            DownstreamAuthorizer authorizer = DownstreamAuthorizer.builder(exchange)
                    .target("service-c", downstream.uri("/api"), t -> t.audience("service-c")).build();
            ExchangingHttpClient http = ExchangingHttpClient.builder(authorizer).build().forSubject(alice);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(downstream.uri("/api/orders"))
                    .POST(HttpRequest.BodyPublishers.ofString("body")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            downstream.received.forEach(r -> secrets.add(r.authorization().substring(7)));
            assertThat(downstream.received).hasSize(2);
        }

        String log = log();
        assertThat(log).as("DEBUG must be on, or this test proves nothing").contains("Exchanged subject " + alice.fingerprint());
        assertThat(log).contains(Fingerprints.of(forged)).contains("reports-api").contains("service-b");
        captured.assertNeverShows(secrets);
    }

    @Test
    void anIssuerThatEchoesTheTokenAndRetriesAndClientAssertionsLeaveNoTraceInTheLog() throws Exception {
        String subject = TestJwts.jwt("alice", Instant.now().plusSeconds(3600));
        String actor = TestJwts.jwt("service-a", Instant.now().plusSeconds(3600));
        RSAKey key = new RSAKeyGenerator(2048).keyID("k").generate();
        wiremock.resetAll();
        wiremock.stubFor(post(urlPathEqualTo(TOKEN)).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"temporarily_unavailable\",\"error_description\":\"busy with " + subject + "\"}"))
                .willSetStateTo("echo"));
        wiremock.stubFor(post(urlPathEqualTo(TOKEN)).inScenario("s").whenScenarioStateIs("echo")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_request\",\"error_description\":\"Invalid token " + subject + " from "
                                + actor + "\"}")).willSetStateTo("ok"));
        wiremock.stubFor(post(urlPathEqualTo(TOKEN)).inScenario("s").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"access_token\":\"opaque-exchanged-token-value-123\",\"issued_token_type\":"
                        + "\"urn:ietf:params:oauth:token-type:access_token\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
        TokenExchangeClient client = TokenExchangeClient.builder().tokenEndpoint(URI.create(wiremock.baseUrl() + TOKEN))
                .privateKeyJwt("service-b", key.toJSONString()).retryScheduler(new RecordingScheduler()).build();
        ExchangeRequest request = ExchangeRequest.forSubject(subject).audience("service-c")
                .actorToken(actor, TokenTypes.ACCESS_TOKEN).build();

        TokenExchangeException echoed = catchThrowableOfType(TokenExchangeException.class, () -> client.exchange(request));
        ExchangedToken token = client.exchange(request);

        List<String> secrets = new ArrayList<>(List.of(subject, actor, token.accessToken()));
        wiremock.getAllServeEvents().forEach(e -> {
            for (String pair : e.getRequest().getBodyAsString().split("&")) {
                if (pair.startsWith("client_assertion=")) {
                    secrets.add(URLDecoder.decode(pair.substring(17), StandardCharsets.UTF_8));
                }
            }
        });
        assertThat(secrets).hasSize(6);
        assertThat(echoed.category()).isEqualTo(TokenExchangeException.Category.SUBJECT_TOKEN_REJECTED);
        assertThat(echoed.toString()).doesNotContain(subject).doesNotContain(actor);
        assertThat(token.toString()).doesNotContain(token.accessToken());
        assertThat(log()).contains(Fingerprints.of(subject));
        captured.assertNeverShows(secrets);
    }
}
