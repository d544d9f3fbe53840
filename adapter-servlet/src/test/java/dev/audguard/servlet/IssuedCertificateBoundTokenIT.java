package dev.audguard.servlet;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.binding.CertificateBinding;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8705 end to end with nothing minted by hand: service A fetches a token from the reference issuer
 * over mutual TLS (the issuer binds it to A's certificate, as Keycloak does for a client with
 * {@code tls.client.certificate.bound.access.tokens}), then calls the orders service, a servlet filter
 * on Jetty behind real mutual TLS, with that token: served with the same certificate, refused with
 * another or none. The issuer (HTTPS with its own generated CA) and the service (a test CA) are two
 * TLS worlds, as in production; the client trusts both.
 */
class IssuedCertificateBoundTokenIT {
    private static final char[] PASSWORD = "test-only".toCharArray();

    static ReferenceIssuer issuer;
    static RealmHandle shop;
    static TestCertificates ca;
    static TestCertificates.Issued alice;
    static TestCertificates.Issued bob;
    static MutualTlsJetty server;

    @BeforeAll
    static void start() throws Exception {
        issuer = ReferenceIssuer.builder().mutualTls().realm(Realm.builder("shop")
                .client("service-a", c -> c.secret("a-secret").serviceAccount().audienceMapper("orders")
                        .attribute("tls.client.certificate.bound.access.tokens", "true"))
                .client("orders", c -> c.bearerOnly())
                .build()).start();
        shop = issuer.realm("shop");
        ca = TestCertificates.newCa();
        alice = ca.issueClient("service-a");
        bob = ca.issueClient("someone-else");

        // The SDK's validator takes no SSLContext of its own yet: the issuer's keys are handed over as a JWKS here,
        // so this test needs no JVM-wide trust store and no allowInsecureHttp()
        TokenValidator validator = TokenValidator.builder()
                .issuer(shop.issuerUrl(), o -> o.jwks(shop.keys().jwksJson())).audience("orders").build();
        BearerTokenFilter filter = BearerTokenFilter.builder(validator)
                .senderBinding(SenderConstraints.builder().certificateBound().build().step()).build();
        server = MutualTlsJetty.start(ca, filter);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        issuer.close();
    }

    /** Trusts the issuer's CA and the service's CA; presents {@code certificate} when not null. */
    static HttpClient client(TestCertificates.Issued certificate) throws Exception {
        KeyStore trust = issuer.tls().trustStore();
        trust.setCertificateEntry("service-ca", ca.ca());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (certificate != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ca.keyStore(certificate, PASSWORD), PASSWORD);
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    static String tokenOverMutualTls(HttpClient client) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(shop.tokenEndpoint()).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=service-a&client_secret=a-secret"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return (String) JSONObjectUtils.parse(response.body()).get("access_token");
    }

    static HttpResponse<String> callOrders(HttpClient client, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri("/app/orders"))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theIssuersBindingIsTheOneTheSdkComputes() throws Exception {
        String token = tokenOverMutualTls(client(alice));
        Map<String, Object> cnf = JSONObjectUtils.getJSONObject(SignedJWT.parse(token).getJWTClaimsSet().toJSONObject(), "cnf");
        assertThat(cnf).containsExactly(Map.entry("x5t#S256", CertificateBinding.thumbprint(alice.certificate().getEncoded())));
    }

    @Test
    void servedOverMutualTlsWithTheCertificateTheTokenWasIssuedFor() throws Exception {
        HttpClient asAlice = client(alice);
        String token = tokenOverMutualTls(asAlice);
        HttpResponse<String> response = callOrders(asAlice, token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("principal=" + SignedJWT.parse(token).getJWTClaimsSet().getSubject());
    }

    @Test
    void refusedWithAnotherCertificate() throws Exception {
        String token = tokenOverMutualTls(client(alice));
        HttpResponse<String> response = callOrders(client(bob), token);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The access token is bound to another client certificate.").doesNotContain(token);
    }

    @Test
    void refusedWithoutACertificate() throws Exception {
        HttpResponse<String> response = callOrders(client(null), tokenOverMutualTls(client(alice)));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The access token is bound to a client certificate and none was presented.");
    }
}
