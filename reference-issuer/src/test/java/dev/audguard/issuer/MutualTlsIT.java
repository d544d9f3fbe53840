package dev.audguard.issuer;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.audguard.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS with a generated CA, and certificate-bound tokens over mutual TLS (RFC 8705 section 3) with
 * Keycloak 26's client attribute {@code tls.client.certificate.bound.access.tokens}, its answers and
 * its discovery fields.
 */
class MutualTlsIT {

    private static final char[] PASSWORD = "test-only".toCharArray();
    private static ReferenceIssuer issuer;
    private static RealmHandle shop;
    private static TestCertificates clientCa;
    private static TestCertificates.Issued alice;
    private static TestCertificates.Issued bob;

    @BeforeAll
    static void start() throws Exception {
        issuer = ReferenceIssuer.builder().mutualTls().realm(Realm.builder("shop")
                .client("bound", c -> c.secret("bound-secret").serviceAccount().directAccessGrants()
                        .attribute("tls.client.certificate.bound.access.tokens", "true"))
                .client("plain", c -> c.secret("plain-secret").serviceAccount())
                .user("carol", u -> u.password("carol"))
                .build()).start();
        shop = issuer.realm("shop");
        issuer.clock().freeze(); // DPoP iat is compared to the second; certificates use the wall clock, unaffected
        clientCa = TestCertificates.newCa();
        alice = clientCa.issueClient("alice");
        bob = clientCa.issueClient("bob");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static SSLContext presenting(TestCertificates.Issued certificate) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", certificate.privateKey(), PASSWORD, new Certificate[] {certificate.certificate(), clientCa.ca()});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        return issuer.tls().sslContext(factory.getKeyManagers());
    }

    private static HttpResponse<String> post(SSLContext tls, URI uri, Map<String, String> form) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(20)).build();
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> token(SSLContext tls, Map<String, String> form) throws Exception {
        return post(tls, shop.tokenEndpoint(), form);
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSONObjectUtils.parse(response.body());
    }

    private static Map<String, Object> claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet().toJSONObject();
    }

    private static String thumbprint(X509Certificate certificate) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private static Map<String, String> clientCredentials(String client, String secret) {
        return Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", secret);
    }

    // ---- HTTPS and the exported trust

    @Test
    void servesHttpsUnderTheExportedCa() throws Exception {
        assertThat(issuer.baseUri().getScheme()).isEqualTo("https");
        assertThat(shop.issuerUrl()).startsWith("https://127.0.0.1:");
        HttpClient client = HttpClient.newBuilder().sslContext(issuer.tls().sslContext()).connectTimeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> discovery = client.send(HttpRequest.newBuilder(shop.discoveryUri()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(json(discovery).get("issuer")).isEqualTo(shop.issuerUrl());
        List<String> names = issuer.tls().serverCertificate().getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList();
        assertThat(names).contains("127.0.0.1", "localhost");
    }

    @Test
    void theHostNameLocalhostIsCoveredToo() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(issuer.tls().sslContext()).connectTimeout(Duration.ofSeconds(20)).build();
        URI byName = URI.create("https://localhost:" + issuer.port() + "/realms/shop/.well-known/openid-configuration");
        assertThat(client.send(HttpRequest.newBuilder(byName).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientWithoutTheTrustStoreIsRefusedByTls() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(shop.discoveryUri()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void thePemAndTheTrustStoreHoldTheCaThatSignedTheServer() throws Exception {
        X509Certificate fromPem = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(issuer.tls().caCertificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(fromPem).isEqualTo(issuer.tls().caCertificate());
        assertThat(issuer.tls().trustStore().getCertificate("reference-issuer-ca")).isEqualTo(fromPem);
        issuer.tls().serverCertificate().verify(fromPem.getPublicKey());
        assertThat(fromPem.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aPlainIssuerHasNoTlsMaterial() {
        try (ReferenceIssuer plain = ReferenceIssuer.builder().realm(Realm.builder("tiny").build()).start()) {
            assertThat(plain.baseUri().getScheme()).isEqualTo("http");
            assertThatThrownBy(plain::tls).isInstanceOf(IllegalStateException.class).hasMessageContaining("https()");
        }
    }

    @Test
    void realmHandleCallsWorkOverHttps() {
        assertThat(shop.clientCredentials("plain", "plain-secret").accessToken()).isNotBlank();
    }

    // ---- discovery

    @Test
    void discoveryListsCertificateBoundTokensAndTheMtlsAliases() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(issuer.tls().sslContext()).connectTimeout(Duration.ofSeconds(20)).build();
        Map<String, Object> d = json(client.send(HttpRequest.newBuilder(shop.discoveryUri()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(d.get("tls_client_certificate_bound_access_tokens")).isEqualTo(true);
        assertThat((Map<String, Object>) d.get("mtls_endpoint_aliases"))
                .containsEntry("token_endpoint", d.get("token_endpoint"))
                .containsEntry("introspection_endpoint", d.get("introspection_endpoint"))
                .containsEntry("revocation_endpoint", d.get("revocation_endpoint"))
                .containsEntry("userinfo_endpoint", d.get("userinfo_endpoint"));
    }

    // ---- binding

    @Test
    void aBoundClientsTokenCarriesTheThumbprintOfItsCertificate() throws Exception {
        HttpResponse<String> response = token(presenting(alice), clientCredentials("bound", "bound-secret"));
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(body.get("token_type")).isEqualTo("Bearer");
        Map<String, Object> claims = claims((String) body.get("access_token"));
        assertThat((Map<String, Object>) claims.get("cnf")).containsExactly(Map.entry("x5t#S256", thumbprint(alice.certificate())));
        assertThat(claims.get("typ")).isEqualTo("Bearer");
    }

    @Test
    void aBoundClientWithoutACertificateGetsNoToken() throws Exception {
        HttpResponse<String> response = token(issuer.tls().sslContext(), clientCredentials("bound", "bound-secret"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "Client Certification missing for MTLS HoK Token Binding");
        assertThat(response.body()).doesNotContain("bound-secret");
    }

    @Test
    void aClientWithoutTheAttributeIsNotBoundEvenWithACertificate() throws Exception {
        HttpResponse<String> response = token(presenting(alice), clientCredentials("plain", "plain-secret"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(claims((String) json(response).get("access_token"))).doesNotContainKey("cnf");
    }

    @Test
    void theRefreshTokenIsBoundAndRedeemedOnlyWithTheSameCertificate() throws Exception {
        Map<String, Object> first = json(token(presenting(alice), Map.of("grant_type", "password", "client_id", "bound",
                "client_secret", "bound-secret", "username", "carol", "password", "carol")));
        String refresh = (String) first.get("refresh_token");
        assertThat((Map<String, Object>) claims(refresh).get("cnf")).containsEntry("x5t#S256", thumbprint(alice.certificate()));

        Map<String, String> redeem = Map.of("grant_type", "refresh_token", "client_id", "bound", "client_secret", "bound-secret",
                "refresh_token", refresh);
        HttpResponse<String> other = token(presenting(bob), redeem);
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(json(other)).containsEntry("error", "unauthorized_client").containsEntry("error_description",
                "Client certificate missing, or its thumbprint and one in the refresh token did NOT match");
        HttpResponse<String> none = token(issuer.tls().sslContext(), redeem);
        assertThat(none.statusCode()).isEqualTo(400); // no certificate: no token at all, before the refresh token is looked at

        HttpResponse<String> same = token(presenting(alice), redeem);
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat((Map<String, Object>) claims((String) json(same).get("access_token")).get("cnf"))
                .containsEntry("x5t#S256", thumbprint(alice.certificate()));
    }

    @Test
    void aDpopProofAndACertificateBindTheTokenToBoth() throws Exception {
        com.nimbusds.jose.jwk.ECKey key = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate();
        com.nimbusds.jwt.SignedJWT proof = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256)
                        .type(new com.nimbusds.jose.JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build(),
                new com.nimbusds.jwt.JWTClaimsSet.Builder().jwtID(java.util.UUID.randomUUID().toString())
                        .claim("htm", "POST").claim("htu", shop.tokenEndpoint().toString())
                        .issueTime(java.util.Date.from(issuer.clock().instant())).build());
        proof.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
        HttpClient client = HttpClient.newBuilder().sslContext(presenting(bob)).connectTimeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(shop.tokenEndpoint()).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").header("DPoP", proof.serialize())
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=bound&client_secret=bound-secret"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("token_type")).isEqualTo("DPoP");
        Map<String, Object> claims = claims((String) json(response).get("access_token"));
        assertThat((Map<String, Object>) claims.get("cnf")).containsOnly(
                Map.entry("jkt", key.computeThumbprint().toString()), Map.entry("kc-jkt-type", "DPoP"),
                Map.entry("x5t#S256", thumbprint(bob.certificate())));
        assertThat(claims.get("typ")).isEqualTo("DPoP");
    }
}
