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
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.EnumSet;
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
    static Server server;
    static ServerConnector connector;

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

        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore(ca.issueServer("127.0.0.1")));
        ssl.setKeyStorePassword(new String(PASSWORD));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.ca());
        ssl.setTrustStore(trust);
        ssl.setWantClientAuth(true);
        HttpConfiguration https = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        server = new Server();
        connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        // The SDK's validator takes no SSLContext of its own yet: the issuer's keys are handed over as a JWKS here,
        // so this test needs no JVM-wide trust store and no allowInsecureHttp()
        TokenValidator validator = TokenValidator.builder()
                .issuer(shop.issuerUrl(), o -> o.jwks(shop.keys().jwksJson())).audience("orders").build();
        BearerTokenFilter filter = BearerTokenFilter.builder(validator)
                .senderBinding(SenderConstraints.builder().certificateBound().build().step()).build();
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        server.setHandler(context);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        issuer.close();
    }

    static KeyStore keyStore(TestCertificates.Issued issued) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", issued.privateKey(), PASSWORD, new Certificate[] {issued.certificate(), ca.ca()});
        return store;
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
            kmf.init(keyStore(certificate), PASSWORD);
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
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + connector.getLocalPort() + "/app/orders"))
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
