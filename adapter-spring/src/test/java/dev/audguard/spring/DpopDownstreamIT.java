package dev.audguard.spring;

import dev.audguard.spring.client.ExchangingClientHttpRequestInterceptor;
import dev.audguard.spring.client.ExchangingExchangeFilterFunction;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.SubjectTokenSource;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.DpopTarget;
import dev.audguard.testsupport.issuer.VerifiedDpopTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code RestClient} interceptor and the {@code WebClient} filter with an exchange client holding
 * a DPoP key: the reference issuer binds the exchanged token to the key, and every downstream request
 * goes with {@code Authorization: DPoP} and a fresh proof of that request ({@code htm}, {@code htu},
 * {@code ath}), which the downstream service checks with sdk-core's {@code DpopVerifier} ({@link VerifiedDpopTarget}), asking for
 * its nonce first: one resend with the nonce, then served.
 */
class DpopDownstreamIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    /** The downstream service: it records each request's proof payload (null without one) and its answer. */
    private DpopTarget target;
    private DownstreamAuthorizer downstream;
    private SubjectTokenSource alice;
    private final DpopProofSigner signer = DpopProofSigner.generate();

    @BeforeEach
    void start() {
        target = VerifiedDpopTarget.start();
        downstream = DemoExchange.serviceC(issuer.realm("demo"), url("/api"), client -> client.dpop(signer));
        alice = DemoExchange.alice(issuer.realm("demo"));
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private URI url(String path) {
        return target.url(path);
    }

    private void assertProofsPerRequestWithNonceRetry(String method) {
        assertThat(target.answers()).containsExactly(401, 200);
        assertThat(target.proofs()).hasSize(2).doesNotContainNull();
        assertThat(target.proofs().get(0)).doesNotContainKey("nonce").containsEntry("htm", method)
                .containsEntry("htu", url("/api/orders").toString()).containsKey("ath");
        assertThat(target.proofs().get(1)).containsKey("nonce").containsEntry("htm", method);
        assertThat(target.proofs().get(0).get("jti")).isNotEqualTo(target.proofs().get(1).get("jti"));
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
        target.answerWith(request -> new DpopTarget.Answer(401, Map.of("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\"",
                "DPoP-Nonce", "nonce-" + target.proofs().size()), null));
        RestClient client = RestClient.builder().requestInterceptor(new ExchangingClientHttpRequestInterceptor(downstream, alice))
                .build();

        int status = client.get().uri(url("/api/orders")).exchange((request, response) -> response.getStatusCode().value());

        assertThat(status).isEqualTo(401);
        assertThat(target.answers()).containsExactly(401, 401);
        assertThat(target.proofs().get(1)).containsEntry("nonce", "nonce-1");
    }

    @Test
    void aBearerTokenGetsNoProof() {
        DownstreamAuthorizer bearer = DemoExchange.serviceC(issuer.realm("demo"), url("/api"));
        RestClient client = RestClient.builder().requestInterceptor(new ExchangingClientHttpRequestInterceptor(bearer, alice)).build();

        int status = client.get().uri(url("/api/orders")).exchange((request, response) -> response.getStatusCode().value());

        assertThat(status).isEqualTo(401); // this target serves DPoP only
        assertThat(target.proofs()).containsExactly((Map<String, Object>) null);
    }
}
