package dev.audguard.exchange;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.binding.BindingReason;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderBindingException;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.TokenExchangeException.Category;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchange client holding a DPoP key: proofs to the token endpoint (the reference issuer binds the
 * exchanged token; a WireMock issuer asks for a nonce), and proofs with ath to a downstream service that
 * checks them with sdk-core's own DpopVerifier and asks for its nonce.
 */
class DpopExchangeIT {
    private static final String TOKEN = "/token";

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(options().bindAddress("127.0.0.1").dynamicPort()).build();
    private final DpopProofSigner signer = DpopProofSigner.generate();
    private VerifiedToken alice;

    @BeforeEach
    void setUp() {
        server.resetAll();
        alice = TokenValidator.builder().issuer(issuer.realm("demo").issuerUrl()).audience("service-b").build()
                .validate(issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice").accessToken());
    }

    private TokenExchangeClient atReferenceIssuer() {
        return TokenExchangeClient.builder().tokenEndpoint(issuer.realm("demo").tokenEndpoint())
                .clientSecret("service-b", "b-secret").dpop(signer).build();
    }

    private TokenExchangeClient atWireMock(boolean dpop) {
        TokenExchangeClient.Builder b = TokenExchangeClient.builder().tokenEndpoint(URI.create(server.baseUrl() + TOKEN))
                .clientSecret("service-b", "b-secret");
        return (dpop ? b.dpop(signer) : b).build();
    }

    static Map<String, Object> payload(String jws) throws Exception {
        return JSONObjectUtils.parse(new Base64URL(jws.split("\\.")[1]).decodeToString());
    }

    @SuppressWarnings("unchecked")
    static String jkt(String token) throws Exception {
        return (String) ((Map<String, Object>) payload(token).get("cnf")).get("jkt");
    }

    private static String tokenJson(String type) {
        return "{\"access_token\":\"exchanged\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
                + "\"token_type\":\"" + type + "\",\"expires_in\":300}";
    }

    private static ResponseDefinitionBuilder useNonce(String nonce) {
        return aResponse().withStatus(400).withHeader("Content-Type", "application/json").withHeader("DPoP-Nonce", nonce)
                .withBody("{\"error\":\"use_dpop_nonce\",\"error_description\":\"Authorization server requires nonce in DPoP proof\"}");
    }

    private static List<String> proofsSent() {
        return server.findAll(postRequestedFor(urlPathEqualTo(TOKEN))).stream().map(r -> r.getHeader("DPoP")).toList();
    }

    @Test
    void exchangeWithProofGetsTokenBoundToTheSignersKey() throws Exception {
        ExchangedToken token = atReferenceIssuer().exchange(ExchangeRequest.forSubject(alice).audience("service-c").build());

        assertThat(token.isDpopBound()).isTrue();
        assertThat(token.tokenType()).isEqualTo("DPoP");
        assertThat(jkt(token.accessToken())).isEqualTo(signer.thumbprint());
        assertThat(token.authorizationHeaderValue()).isEqualTo("DPoP " + token.accessToken());
    }

    @Test
    void docsClientExample() {
        String secret = "b-secret";
        // docs/sender-constraints.md, "DPoP at the client"
        DpopProofSigner signer = DpopProofSigner.generate();           // EC P-256, ES256; or builder().keyPair(..)
        TokenExchangeClient exchange = TokenExchangeClient.builder()
            .issuer(issuer.realm("demo").issuerUrl())
            .clientSecret("service-b", secret)
            .dpop(signer)                                               // a proof with every token request
            .build();
        DownstreamAuthorizer downstream = DownstreamAuthorizer.builder(exchange)
            .target("service-c", "https://service-c.example.com/api", t -> t.audience("service-c"))
            .build();
        ExchangingHttpClient client = ExchangingHttpClient.builder(downstream).build();

        assertThat(client.authorizer().targets()).hasSize(1);
        assertThat(exchange.dpopSigner()).contains(signer);
        assertThat(exchange.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build()).isDpopBound()).isTrue();
    }

    @Test
    void exchangeWithoutDpopStaysBearer() {
        TokenExchangeClient plain = TokenExchangeClient.builder().tokenEndpoint(issuer.realm("demo").tokenEndpoint())
                .clientSecret("service-b", "b-secret").build();

        ExchangedToken token = plain.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build());

        assertThat(token.isDpopBound()).isFalse();
        assertThat(token.authorizationHeaderValue()).startsWith("Bearer ");
    }

    @Test
    void tokenEndpointNonceIsRetriedOnceAndKeptForLaterProofs() throws Exception {
        server.stubFor(post(urlPathEqualTo(TOKEN)).inScenario("n").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(useNonce("n-1")).willSetStateTo("ok"));
        server.stubFor(post(urlPathEqualTo(TOKEN)).inScenario("n").whenScenarioStateIs("ok").willReturn(okJson(tokenJson("DPoP"))));
        TokenExchangeClient client = atWireMock(true);

        ExchangedToken token = client.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build());
        client.exchange(ExchangeRequest.forSubject(alice).audience("other").build());

        assertThat(token.isDpopBound()).isTrue();
        List<String> proofs = proofsSent();
        assertThat(proofs).hasSize(3);
        assertThat(payload(proofs.get(0))).doesNotContainKey("nonce").containsEntry("htm", "POST")
                .containsEntry("htu", server.baseUrl() + TOKEN).doesNotContainKey("ath");
        assertThat(payload(proofs.get(1))).containsEntry("nonce", "n-1");
        assertThat(payload(proofs.get(2))).containsEntry("nonce", "n-1");
        assertThat(payload(proofs.get(0)).get("jti")).isNotEqualTo(payload(proofs.get(1)).get("jti"));
    }

    @Test
    void tokenEndpointAskingForNonceAgainIsNotALoop() {
        server.stubFor(post(urlPathEqualTo(TOKEN)).inScenario("n").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(useNonce("n-1")).willSetStateTo("again"));
        server.stubFor(post(urlPathEqualTo(TOKEN)).inScenario("n").whenScenarioStateIs("again").willReturn(useNonce("n-2")));

        TokenExchangeException failure = ReferenceIssuerExchangeIT.failure(atWireMock(true),
                ExchangeRequest.forSubject(alice).audience("service-c").build());

        assertThat(failure.category()).isEqualTo(Category.CONFIGURATION);
        assertThat(proofsSent()).hasSize(2);
    }

    @Test
    void dpopTokenTypeIsRefusedWhenNoProofWasSent() {
        server.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(okJson(tokenJson("DPoP"))));

        TokenExchangeException failure = ReferenceIssuerExchangeIT.failure(atWireMock(false),
                ExchangeRequest.forSubject(alice).audience("service-c").build());

        assertThat(failure.category()).isEqualTo(Category.INVALID_RESPONSE);
        assertThat(proofsSent()).containsExactly((String) null);
    }

    @Test
    void downstreamCallCarriesTheBoundTokenAndAProofWithAthAndAnswersItsNonce() throws Exception {
        try (Downstream downstream = new Downstream()) {
            URI base = downstream.uri("");
            DpopVerifier verifier = DpopVerifier.builder().externalBaseUrl(base).requireNonces(Duration.ofMinutes(5)).build();
            downstream.answering(request -> {
                String authorization = request.authorization();
                if (authorization == null || !authorization.startsWith("DPoP ")) {
                    return new Downstream.Answer(401, Map.of("WWW-Authenticate", "DPoP algs=\"ES256\""), "");
                }
                String token = authorization.substring(5);
                try {
                    verifier.verify(request.method(), request.uri().getRawPath(), header(request, "DPoP"), token, jkt(token));
                    return Downstream.Answer.ok("hello");
                } catch (SenderBindingException e) {
                    if (e.reason() == BindingReason.DPOP_NONCE_REQUIRED) {
                        return new Downstream.Answer(401, Map.of("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\"",
                                "DPoP-Nonce", e.nonce().orElseThrow()), "nonce please");
                    }
                    return new Downstream.Answer(401, Map.of("WWW-Authenticate", verifier.challenge(null, e.reason())), "");
                } catch (Exception e) {
                    return new Downstream.Answer(500, Map.of(), "");
                }
            });
            DownstreamAuthorizer authorizer = DownstreamAuthorizer.builder(atReferenceIssuer())
                    .target("service-c", downstream.uri("/api"), t -> t.audience("service-c")).build();
            ExchangingHttpClient client = ExchangingHttpClient.builder(authorizer).build();

            HttpResponse<String> response = client.forSubject(alice).send(
                    HttpRequest.newBuilder(downstream.uri("/api/orders?page=2")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello");
            assertThat(downstream.received).hasSize(2);
            Map<String, Object> first = payload(header(downstream.received.get(0), "DPoP").get(0));
            Map<String, Object> second = payload(header(downstream.received.get(1), "DPoP").get(0));
            String token = downstream.received.get(1).authorization().substring(5);
            assertThat(first).doesNotContainKey("nonce").containsEntry("htm", "POST").containsEntry("htu", base + "/api/orders")
                    .containsEntry("ath", DpopProofSigner.ath(token));
            assertThat(second).containsKey("nonce");
        }
    }

    @Test
    void downstreamAskingForNonceTwiceGetsItsRefusalBack() throws Exception {
        try (Downstream downstream = new Downstream()) {
            downstream.answering(request -> new Downstream.Answer(401, Map.of("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\"",
                    "DPoP-Nonce", "n-" + Instant.now().toEpochMilli() + "-" + downstream.received.size()), "nonce please"));
            DownstreamAuthorizer authorizer = DownstreamAuthorizer.builder(atReferenceIssuer())
                    .target("service-c", downstream.uri("/api"), t -> t.audience("service-c")).build();

            HttpResponse<String> response = ExchangingHttpClient.builder(authorizer).build().forSubject(alice)
                    .send(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("nonce please");
            assertThat(downstream.received).hasSize(2);
        }
    }

    private static List<String> header(Downstream.Received request, String name) {
        return request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).toList();
    }
}
