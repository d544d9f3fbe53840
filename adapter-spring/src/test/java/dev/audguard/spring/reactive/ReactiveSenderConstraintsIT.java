package dev.audguard.spring.reactive;

import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.spring.DemoIssuer;
import dev.audguard.spring.SenderConstraintFixtures;
import dev.audguard.spring.MutualTlsContract;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static dev.audguard.spring.SenderConstraintFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front door's sender-binding step in a WebFlux application, over real HTTP on Reactor Netty:
 * DPoP-bound tokens (RFC 9449) with an application {@link SenderConstraints} bean, whose
 * {@code DpopVerifier} holds the external base URL {@code htu} is checked against, and
 * certificate-bound tokens (RFC 8705) over real mutual TLS on Netty, the certificate read from
 * {@code ServerHttpRequest.getSslInfo()}. Tokens are minted by the reference issuer.
 */
class ReactiveSenderConstraintsIT {
    /** What clients call the service; deliberately not the loopback address they connect to: htu comes from here. */
    static final String EXTERNAL = "https://reactive.example.com";

    @RegisterExtension
    static final DemoIssuer issuer = new DemoIssuer();

    static RealmHandle demo() {
        return issuer.demo();
    }

    static ConfigurableApplicationContext start(Class<?> constraints, String... more) {
        String[] properties = new String[more.length + 4];
        properties[0] = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
        properties[1] = demo().issuerUrl();
        properties[2] = "spring.security.oauth2.resourceserver.jwt.audiences";
        properties[3] = "reactive-service";
        System.arraycopy(more, 0, properties, 4, more.length);
        return ReactiveTestApp.start(new Class<?>[] {constraints}, properties);
    }

    static int port(ConfigurableApplicationContext context) {
        return ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
    }

    @Configuration(proxyBeanMethods = false)
    static class DpopConstraints {
        @Bean
        SenderConstraints senderConstraints() {
            return SenderConstraints.builder().dpop(DpopVerifier.builder().externalBaseUrl(URI.create(EXTERNAL)).build()).build();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Dpop {
        final DpopProofSigner client = DpopProofSigner.generate();
        ConfigurableApplicationContext context;
        URI data;

        @BeforeAll
        void start() {
            context = ReactiveSenderConstraintsIT.start(DpopConstraints.class,
                    "spring.security.oauth2.resourceserver.jwt.principal-claim-name", "preferred_username");
            data = URI.create("http://127.0.0.1:" + port(context) + "/api/data?page=1");
        }

        @AfterAll
        void stop() {
            if (context != null) {
                context.close();
            }
        }

        String boundToken() {
            return SenderConstraintFixtures.boundToKey(demo(), "reactive-service", client);
        }

        String proof(String htu, String token) {
            return client.proof("GET", URI.create(htu), token, null);
        }

        HttpResponse<String> call(String scheme, String token, String... proofs) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(data).GET().header("Authorization", scheme + " " + token);
            for (String proof : proofs) {
                request.header("DPoP", proof);
            }
            return send(Http.CLIENT, request);
        }

        @Test
        void aBoundTokenWithAValidProofIsServed() throws Exception {
            String token = boundToken();

            HttpResponse<String> response = call("DPoP", token, proof(EXTERNAL + "/api/data", token));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("data:alice");
        }

        @Test
        void aReplayedProofIsRefusedWithTheDpopChallenge() throws Exception {
            String token = boundToken();
            String proof = proof(EXTERNAL + "/api/data", token);
            assertThat(call("DPoP", token, proof).statusCode()).isEqualTo(200);

            HttpResponse<String> replay = call("DPoP", token, proof);

            assertThat(replay.statusCode()).isEqualTo(401);
            assertThat(replay.headers().allValues("WWW-Authenticate")).containsExactly("Bearer",
                    "DPoP algs=\"ES256\", error=\"invalid_dpop_proof\", error_description=\"The DPoP proof was used before.\"");
            assertThat(replay.body()).doesNotContain(proof).doesNotContain(token);
        }

        @Test
        void aBoundTokenSentAsBearerIsRefused() throws Exception {
            String token = boundToken();

            HttpResponse<String> response = call("Bearer", token, proof(EXTERNAL + "/api/data", token));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"")
                    .contains("The access token is bound to a key and must be presented with a DPoP proof.");
        }

        @Test
        void aProofForTheAddressConnectedToIsRefusedBecauseHtuComesFromTheConfiguredUrl() throws Exception {
            String token = boundToken();

            HttpResponse<String> response = call("DPoP", token, proof(data.toString(), token));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate").get(1)).contains("The DPoP proof was made for another URI.");
        }

        @Test
        void aBoundTokenWithoutProofOrWithTwoProofsIsRefused() throws Exception {
            String token = boundToken();
            String proof = proof(EXTERNAL + "/api/data", token);

            assertThat(call("DPoP", token).headers().allValues("WWW-Authenticate").get(1)).contains("error=\"invalid_dpop_proof\"");
            assertThat(call("DPoP", token, proof, proof(EXTERNAL + "/api/data", token)).statusCode()).isEqualTo(401);
        }

        @Test
        void everyRefusalOffersTheDpopSchemeAndUnboundBearerTokensStillPass() throws Exception {
            HttpResponse<String> none = Http.get(data);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer", "DPoP algs=\"ES256\"");

            String bearer = SenderConstraintFixtures.unbound(demo(), "reactive-service");
            assertThat(call("Bearer", bearer).statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class MutualTls extends MutualTlsContract {
        MutualTls() {
            super(ReactiveSenderConstraintsIT::demo, "reactive-service");
        }

        @Override
        protected ConfigurableApplicationContext start(List<String> serverProperties) {
            List<String> properties = new ArrayList<>(serverProperties);
            // the contract expects data:alice, as the Dpop cases and the MVC side answer
            properties.addAll(List.of("spring.security.oauth2.resourceserver.jwt.principal-claim-name", "preferred_username"));
            return ReactiveSenderConstraintsIT.start(CertificateConstraints.class, properties.toArray(String[]::new));
        }
    }
}
