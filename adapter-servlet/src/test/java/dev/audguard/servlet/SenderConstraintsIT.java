package dev.audguard.servlet;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.TestCertificates;
import dev.audguard.testsupport.issuer.ProxiedCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP and certificate-bound tokens end to end: the reference issuer mints bound tokens, the servlet
 * filter on embedded Jetty checks them through the front door's sender-binding step, over real HTTP and
 * (for certificates) real mutual TLS on loopback.
 */
class SenderConstraintsIT {
    /** What clients call the service; deliberately not the loopback address they connect to: htu comes from here. */
    static final String EXTERNAL = "https://orders.example.com";

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    static RealmHandle demo;

    @BeforeAll
    static void realm() {
        demo = issuer.realm("demo");
    }

    static TokenValidator validator() {
        return TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build();
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Dpop {
        ECKey client;
        String jkt;
        JettyServer jetty;

        @BeforeAll
        void start() throws Exception {
            client = new ECKeyGenerator(Curve.P_256).generate();
            jkt = client.computeThumbprint().toString();
            SenderConstraints constraints = SenderConstraints.builder()
                    .dpop(DpopVerifier.builder().externalBaseUrl(URI.create(EXTERNAL)).build()).build();
            BearerTokenFilter filter = BearerTokenFilter.builder(validator()).realm("demo")
                    .resourceMetadata(URI.create(EXTERNAL + "/app")).senderBinding(constraints.step()).build();
            jetty = JettyServer.start(JettyServer.App.of("/app", filter));
        }

        @AfterAll
        void stop() {
            jetty.close();
        }

        String boundToken() {
            return demo.mint().audience("service-b").claim("cnf", Map.of("jkt", jkt)).sign();
        }

        String proof(String method, String htu, String token) throws Exception {
            SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                    .jwk(client.toPublicJWK()).build(),
                    new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).issueTime(new Date())
                            .claim("htm", method).claim("htu", htu).claim("ath", ath(token)).build());
            proof.sign(new ECDSASigner(client));
            return proof.serialize();
        }

        HttpResponse<String> call(String scheme, String token, String proof) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(jetty.uri("/app/orders/42?page=1")).GET()
                    .header("Authorization", scheme + " " + token);
            if (proof != null) {
                request.header("DPoP", proof);
            }
            return send(Http.CLIENT, request);
        }

        @Test
        void dpopCallWithItsProofIsServed() throws Exception {
            String token = boundToken();
            HttpResponse<String> response = call("DPoP", token, proof("GET", EXTERNAL + "/app/orders/42", token));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.lines(response)).containsEntry("path", "/orders/42").containsEntry("attribute", "true");
        }

        @Test
        void replayedProofIsRefusedWithBothChallenges() throws Exception {
            String token = boundToken();
            String proof = proof("GET", EXTERNAL + "/app/orders/42", token);
            assertThat(call("DPoP", token, proof).statusCode()).isEqualTo(200);

            HttpResponse<String> replay = call("DPoP", token, proof);
            assertThat(replay.statusCode()).isEqualTo(401);
            assertThat(replay.headers().allValues("WWW-Authenticate")).containsExactly(
                    "Bearer realm=\"demo\", resource_metadata=\"https://orders.example.com/.well-known/oauth-protected-resource/app\"",
                    "DPoP algs=\"ES256\", error=\"invalid_dpop_proof\", error_description=\"The DPoP proof was used before.\"");
            assertThat(replay.body()).doesNotContain(proof).doesNotContain(token);
        }

        @Test
        void boundTokenSentAsBearerIsRefused() throws Exception {
            String token = boundToken();
            HttpResponse<String> response = call("Bearer", token, proof("GET", EXTERNAL + "/app/orders/42", token));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"")
                    .contains("The access token is bound to a key and must be presented with a DPoP proof.");
        }

        @Test
        void proofForTheLoopbackAddressIsRefusedBecauseHtuComesFromTheConfiguredUrl() throws Exception {
            String token = boundToken();
            HttpResponse<String> response = call("DPoP", token, proof("GET", jetty.uri("/app/orders/42").toString(), token));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate").get(1)).contains("The DPoP proof was made for another URI.");
        }

        @Test
        void bearerTokensStillPass() throws Exception {
            HttpResponse<String> bearer = call("Bearer", demo.mint().audience("service-b").sign(), null);
            assertThat(bearer.statusCode()).isEqualTo(200);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class MutualTls {
        TestCertificates.Issued alice;
        TestCertificates.Issued bob;
        MutualTlsJetty server;
        SSLContext trustOnly;
        TestCertificates ca;

        @BeforeAll
        void start() throws Exception {
            ca = TestCertificates.newCa();
            alice = ca.issueClient("alice");
            bob = ca.issueClient("bob");
            BearerTokenFilter filter = BearerTokenFilter.builder(validator())
                    .senderBinding(SenderConstraints.builder().certificateBound().build().step()).build();
            server = MutualTlsJetty.start(ca, filter);
            trustOnly = ca.clientContext(null);
        }

        @AfterAll
        void stop() throws Exception {
            server.close();
        }

        HttpResponse<String> call(SSLContext tls, String token) throws Exception {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = server.uri("/app/orders");
            return send(client, HttpRequest.newBuilder(uri).GET().header("Authorization", "Bearer " + token));
        }

        String boundTo(TestCertificates.Issued certificate) {
            return ProxiedCertificates.boundTo(demo.mint().audience("service-b"), certificate).sign();
        }

        @Test
        void boundTokenWithItsClientCertificateIsServed() throws Exception {
            HttpResponse<String> response = call(ca.clientContext(alice), boundTo(alice));
            assertThat(response.statusCode()).isEqualTo(200);
        }

        @Test
        void boundTokenWithAnotherClientCertificateIsRefused() throws Exception {
            HttpResponse<String> response = call(ca.clientContext(bob), boundTo(alice));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("The access token is bound to another client certificate.");
        }

        @Test
        void boundTokenWithoutClientCertificateIsRefused() throws Exception {
            HttpResponse<String> response = call(trustOnly, boundTo(alice));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("The access token is bound to a client certificate and none was presented.");
        }

        @Test
        void unboundTokenNeedsNoCertificate() throws Exception {
            assertThat(call(trustOnly, demo.mint().audience("service-b").sign()).statusCode()).isEqualTo(200);
        }
    }

    static String ath(String token) throws Exception {
        return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII))).toString();
    }
}
