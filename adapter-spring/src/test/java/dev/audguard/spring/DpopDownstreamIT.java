package dev.audguard.spring;

import dev.audguard.spring.client.ExchangingClientHttpRequestInterceptor;
import dev.audguard.spring.client.ExchangingExchangeFilterFunction;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.audguard.core.binding.BindingReason;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderBindingException;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.SubjectTokenSource;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code RestClient} interceptor and the {@code WebClient} filter with an exchange client holding
 * a DPoP key: the reference issuer binds the exchanged token to the key, and every downstream request
 * goes with {@code Authorization: DPoP} and a fresh proof of that request ({@code htm}, {@code htu},
 * {@code ath}), which the downstream service checks with sdk-core's {@link DpopVerifier}, asking for
 * its nonce first: one resend with the nonce, then served.
 */
class DpopDownstreamIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    /** What the downstream service received: the DPoP proof's payload per request (null without one), and its answer. */
    private final List<Map<String, Object>> proofs = new CopyOnWriteArrayList<>();
    private final List<Integer> answers = new CopyOnWriteArrayList<>();
    private HttpServer target;
    private DpopVerifier verifier;
    private DownstreamAuthorizer downstream;
    private SubjectTokenSource alice;
    private final DpopProofSigner signer = DpopProofSigner.generate();

    @BeforeEach
    void start() throws IOException {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", this::serve);
        target.start();
        verifier = DpopVerifier.builder().externalBaseUrl(url("")).requireNonces(Duration.ofMinutes(5)).build();
        downstream = DownstreamAuthorizer.builder(TokenExchangeClient.builder().issuer(issuer.realm("demo").issuerUrl())
                        .clientSecret("service-b", "b-secret").dpop(signer).build())
                .target("service-c", url("/api"), t -> t.audience("service-c"))
                .build();
        SubjectToken subject = SubjectToken.of(issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice")
                .accessToken());
        alice = () -> Optional.of(subject);
    }

    @AfterEach
    void stop() {
        target.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + target.getAddress().getPort() + path);
    }

    @SuppressWarnings("unchecked")
    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            List<String> proofHeaders = exchange.getRequestHeaders().getOrDefault("DPoP", List.of());
            proofs.add(proofHeaders.isEmpty() ? null : payload(proofHeaders.get(0)));
            int status;
            if (authorization == null || !authorization.startsWith("DPoP ")) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "DPoP algs=\"ES256\"");
                status = 401;
            } else {
                String token = authorization.substring(5);
                String jkt = (String) ((Map<String, Object>) payload(token).get("cnf")).get("jkt");
                try {
                    verifier.verify(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), proofHeaders, token, jkt);
                    status = 200;
                } catch (SenderBindingException e) {
                    if (e.reason() == BindingReason.DPOP_NONCE_REQUIRED) {
                        exchange.getResponseHeaders().add("DPoP-Nonce", e.nonce().orElseThrow());
                    }
                    exchange.getResponseHeaders().add("WWW-Authenticate", verifier.challenge(null, e.reason()));
                    status = 401;
                }
            }
            answers.add(status);
            byte[] body = (status == 200 ? "served" : "refused").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, Object> payload(String jws) {
        try {
            return JSONObjectUtils.parse(new Base64URL(jws.split("\\.")[1]).decodeToString());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertProofsPerRequestWithNonceRetry(String method) {
        assertThat(answers).containsExactly(401, 200);
        assertThat(proofs).hasSize(2).doesNotContainNull();
        assertThat(proofs.get(0)).doesNotContainKey("nonce").containsEntry("htm", method)
                .containsEntry("htu", url("/api/orders").toString()).containsKey("ath");
        assertThat(proofs.get(1)).containsKey("nonce").containsEntry("htm", method);
        assertThat(proofs.get(0).get("jti")).isNotEqualTo(proofs.get(1).get("jti"));
    }

    @Test
    void restClientSendsTheBoundTokenWithAProofAndAnswersTheNonce() {
        RestClient client = RestClient.builder().requestInterceptor(new ExchangingClientHttpRequestInterceptor(downstream, alice))
                .build();

        ResponseEntity<String> response = client.post().uri(url("/api/orders?page=2")).body("order").retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("served");
        assertProofsPerRequestWithNonceRetry("POST");
    }

    @Test
    void webClientSendsTheBoundTokenWithAProofAndAnswersTheNonce() {
        WebClient client = WebClient.builder().filter(new ExchangingExchangeFilterFunction(downstream, alice)).build();

        ResponseEntity<String> response = client.get().uri(url("/api/orders")).retrieve().toEntity(String.class)
                .block(Duration.ofSeconds(20));

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("served");
        assertProofsPerRequestWithNonceRetry("GET");
    }

    @Test
    void aTargetAskingForANonceTwiceGetsItsRefusalBackAfterOneResend() {
        // a target that asks for a nonce whatever the proof says
        target.removeContext("/");
        target.createContext("/", exchange -> {
            try (exchange) {
                proofs.add(payload(exchange.getRequestHeaders().getFirst("DPoP")));
                exchange.getResponseHeaders().add("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\"");
                exchange.getResponseHeaders().add("DPoP-Nonce", "nonce-" + proofs.size());
                answers.add(401);
                exchange.sendResponseHeaders(401, -1);
            }
        });
        RestClient client = RestClient.builder().requestInterceptor(new ExchangingClientHttpRequestInterceptor(downstream, alice))
                .build();

        int status = client.get().uri(url("/api/orders")).exchange((request, response) -> response.getStatusCode().value());

        assertThat(status).isEqualTo(401);
        assertThat(answers).containsExactly(401, 401);
        assertThat(proofs.get(1)).containsEntry("nonce", "nonce-1");
    }

    @Test
    void aBearerTokenGetsNoProof() {
        DownstreamAuthorizer bearer = DownstreamAuthorizer.builder(TokenExchangeClient.builder()
                        .issuer(issuer.realm("demo").issuerUrl()).clientSecret("service-b", "b-secret").build())
                .target("service-c", url("/api"), t -> t.audience("service-c")).build();
        RestClient client = RestClient.builder().requestInterceptor(new ExchangingClientHttpRequestInterceptor(bearer, alice)).build();

        int status = client.get().uri(url("/api/orders")).exchange((request, response) -> response.getStatusCode().value());

        assertThat(status).isEqualTo(401); // this target serves DPoP only
        assertThat(proofs).containsExactly((Map<String, Object>) null);
    }
}
