package dev.audguard.jaxrs;

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
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jakarta REST client filter with an exchange client holding a DPoP key, run on each client
 * runtime by a subclass: the reference issuer binds the exchanged token, each downstream request goes
 * with {@code Authorization: DPoP} and a fresh proof of that request, checked by the downstream with
 * sdk-core's {@link DpopVerifier}, which asks for its nonce first: one resend with it, then served.
 */
abstract class DpopClientContract {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private final List<Map<String, Object>> proofs = new CopyOnWriteArrayList<>();
    private final List<Integer> answers = new CopyOnWriteArrayList<>();
    private HttpServer target;
    private DpopVerifier verifier;
    private DownstreamAuthorizer downstream;
    private SubjectToken alice;

    /** A client of the runtime under test. */
    abstract Client newClient();

    @BeforeEach
    void start() throws IOException {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", this::serve);
        target.start();
        verifier = DpopVerifier.builder().externalBaseUrl(url("")).requireNonces(Duration.ofMinutes(5)).build();
        downstream = DownstreamAuthorizer.builder(TokenExchangeClient.builder().issuer(issuer.realm("demo").issuerUrl())
                        .clientSecret("service-b", "b-secret").dpop(DpopProofSigner.generate()).build())
                .target("service-c", url("/api"), t -> t.audience("service-c"))
                .build();
        alice = SubjectToken.of(issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice").accessToken());
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
            proofs.add(proofHeaders.isEmpty() ? Map.of() : payload(proofHeaders.get(0)));
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

    @Test
    void sendsTheBoundTokenWithAProofPerRequestAndAnswersTheNonceOnce() {
        Client client = newClient();
        client.register(ExchangingClientFilter.builder(downstream).build());
        try (Response response = client.target(url("/api/orders?page=2")).request()
                .property(ExchangingClientFilter.SUBJECT_PROPERTY, alice).post(Entity.text("order"))) {
            assertThat(response.getStatus()).isEqualTo(200);
            // the resent answer's body, readable on both runtimes (RESTEasy once failed here with "Response is closed")
            assertThat(response.readEntity(String.class)).isEqualTo("served");
        } finally {
            client.close();
        }
        assertThat(answers).containsExactly(401, 200);
        assertThat(proofs.get(0)).doesNotContainKey("nonce").containsEntry("htm", "POST")
                .containsEntry("htu", url("/api/orders").toString()).containsKey("ath");
        assertThat(proofs.get(1)).containsKey("nonce").containsEntry("htm", "POST");
        assertThat(proofs.get(0).get("jti")).isNotEqualTo(proofs.get(1).get("jti"));
    }

    @Test
    void aTokenRefusedAsInvalidIsExchangedAgainAndTheResentAnswerIsReadable() {
        target.removeContext("/");
        target.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                proofs.add(payload(exchange.getRequestHeaders().getFirst("DPoP")));
                boolean first = answers.isEmpty();
                if (first) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "DPoP error=\"invalid_token\"");
                }
                answers.add(first ? 401 : 200);
                byte[] body = (first ? "refused" : "served").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(first ? 401 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        Client client = newClient();
        client.register(ExchangingClientFilter.builder(downstream).build());
        try (Response response = client.target(url("/api/orders")).request()
                .property(ExchangingClientFilter.SUBJECT_PROPERTY, alice).post(Entity.text("order"))) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.readEntity(String.class)).isEqualTo("served");
        } finally {
            client.close();
        }
        assertThat(answers).containsExactly(401, 200);
        assertThat(proofs.get(0).get("jti")).isNotEqualTo(proofs.get(1).get("jti"));
    }

    @Test
    void aTargetAskingForANonceAgainGetsItsRefusalBackAfterOneResend() {
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
        Client client = newClient();
        client.register(ExchangingClientFilter.builder(downstream).build());
        try (Response response = client.target(url("/api/orders")).request()
                .property(ExchangingClientFilter.SUBJECT_PROPERTY, alice).get()) {
            assertThat(response.getStatus()).isEqualTo(401);
        } finally {
            client.close();
        }
        assertThat(answers).containsExactly(401, 401);
        assertThat(proofs.get(1)).containsEntry("nonce", "nonce-1");
    }
}
