package dev.audguard.jaxrs;

import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.DpopTarget;
import dev.audguard.testsupport.issuer.VerifiedDpopTarget;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jakarta REST client filter with an exchange client holding a DPoP key, run on each client
 * runtime by a subclass: the reference issuer binds the exchanged token, each downstream request goes
 * with {@code Authorization: DPoP} and a fresh proof of that request, checked by the downstream with
 * sdk-core's {@code DpopVerifier} ({@link VerifiedDpopTarget}), which asks for its nonce first: one resend with it, then served.
 */
abstract class DpopClientContract {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private DpopTarget target;
    private DownstreamAuthorizer downstream;
    private SubjectToken alice;

    /** A client of the runtime under test. */
    abstract Client newClient();

    @BeforeEach
    void start() {
        target = VerifiedDpopTarget.start();
        downstream = DownstreamAuthorizer.builder(TokenExchangeClient.builder().issuer(issuer.realm("demo").issuerUrl())
                        .clientSecret("service-b", "b-secret").dpop(DpopProofSigner.generate()).build())
                .target("service-c", url("/api"), t -> t.audience("service-c"))
                .build();
        alice = SubjectToken.of(issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice").accessToken());
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private URI url(String path) {
        return target.url(path);
    }

    /** Sends {@code request} through the exchanging filter on a new client of the runtime as alice, then checks the answer. */
    private void asAlice(String path, Function<Invocation.Builder, Response> request, Consumer<Response> answer) {
        Client client = newClient();
        client.register(ExchangingClientFilter.builder(downstream).build());
        try (Response response = request.apply(client.target(url(path)).request()
                .property(ExchangingClientFilter.SUBJECT_PROPERTY, alice))) {
            answer.accept(response);
        } finally {
            client.close();
        }
    }

    @Test
    void sendsTheBoundTokenWithAProofPerRequestAndAnswersTheNonceOnce() {
        asAlice("/api/orders?page=2", request -> request.post(Entity.text("order")), response -> {
            assertThat(response.getStatus()).isEqualTo(200);
            // the resent answer's body, readable on both runtimes (RESTEasy once failed here with "Response is closed")
            assertThat(response.readEntity(String.class)).isEqualTo("served");
        });
        List<Map<String, Object>> proofs = target.proofs();
        assertThat(target.answers()).containsExactly(401, 200);
        assertThat(proofs.get(0)).doesNotContainKey("nonce").containsEntry("htm", "POST")
                .containsEntry("htu", url("/api/orders").toString()).containsKey("ath");
        assertThat(proofs.get(1)).containsKey("nonce").containsEntry("htm", "POST");
        assertThat(proofs.get(0).get("jti")).isNotEqualTo(proofs.get(1).get("jti"));
    }

    @Test
    void aTokenRefusedAsInvalidIsExchangedAgainAndTheResentAnswerIsReadable() {
        target.answerWith(request -> target.answers().isEmpty()
                ? DpopTarget.Answer.refused(Map.of("WWW-Authenticate", "DPoP error=\"invalid_token\""))
                : DpopTarget.Answer.served());
        asAlice("/api/orders", request -> request.post(Entity.text("order")), response -> {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.readEntity(String.class)).isEqualTo("served");
        });
        List<Map<String, Object>> proofs = target.proofs();
        assertThat(target.answers()).containsExactly(401, 200);
        assertThat(proofs.get(0).get("jti")).isNotEqualTo(proofs.get(1).get("jti"));
    }

    @Test
    void aTargetAskingForANonceAgainGetsItsRefusalBackAfterOneResend() {
        target.answerWith(request -> new DpopTarget.Answer(401, Map.of("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\"",
                "DPoP-Nonce", "nonce-" + target.proofs().size()), null));
        asAlice("/api/orders", Invocation.Builder::get,
                response -> assertThat(response.getStatus()).isEqualTo(401));
        assertThat(target.answers()).containsExactly(401, 401);
        assertThat(target.proofs().get(1)).containsEntry("nonce", "nonce-1");
    }
}
