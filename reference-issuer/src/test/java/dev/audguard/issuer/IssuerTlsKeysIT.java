package dev.audguard.issuer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The keys of the issuer's generated TLS certificates: EC P-256 by default, RSA 2048 with
 * {@code tlsKeys(RSA_2048)} or {@code --tls-key rsa}; a client that trusts the exported CA (its
 * {@code sslContext()}, its trust store, its PEM file) completes a real handshake with either.
 */
class IssuerTlsKeysIT {

    private static HttpResponse<String> discovery(SSLContext tls, URI uri) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(20)).build();
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(KeyStore trustStore) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static X509Certificate presented(HttpResponse<String> response) throws Exception {
        return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    }

    @Test
    void byDefaultTheCertificatesHaveEcKeys() throws Exception {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().https().start()) {
            HttpResponse<String> response = discovery(issuer.tls().sslContext(), issuer.realm("demo").discoveryUri());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(issuer.tls().keyAlgorithm()).isEqualTo(IssuerTls.KeyAlgorithm.EC_P256);
            assertThat(presented(response).getPublicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(presented(response).getSigAlgName()).isEqualTo("SHA256withECDSA");
            assertThat(issuer.tls().caCertificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
        }
    }

    @Test
    void withRsaKeysAClientTrustingTheExportedCaHandshakes() throws Exception {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().https().tlsKeys(IssuerTls.KeyAlgorithm.RSA_2048).start()) {
            IssuerTls tls = issuer.tls();
            URI uri = issuer.realm("demo").discoveryUri();

            HttpResponse<String> viaContext = discovery(tls.sslContext(), uri);
            HttpResponse<String> viaTrustStore = discovery(trusting(tls.trustStore()), uri);

            assertThat(viaContext.statusCode()).isEqualTo(200);
            assertThat(viaTrustStore.statusCode()).isEqualTo(200);
            X509Certificate server = presented(viaTrustStore);
            assertThat(server).isEqualTo(tls.serverCertificate());
            assertThat(server.getPublicKey()).isInstanceOfSatisfying(RSAPublicKey.class,
                    key -> assertThat(key.getModulus().bitLength()).isEqualTo(2048));
            assertThat(server.getSigAlgName()).isEqualTo("SHA256withRSA");
            assertThat(server.getKeyUsage()[0]).as("digitalSignature").isTrue();
            assertThat(server.getKeyUsage()[2]).as("keyEncipherment").isTrue();
            assertThat(tls.caCertificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(tls.keyAlgorithm()).isEqualTo(IssuerTls.KeyAlgorithm.RSA_2048);
            assertThat(tls.trustStore().getCertificate("reference-issuer-ca")).isEqualTo(tls.caCertificate());
            assertThat(tls.toString()).contains("RSA_2048");
        }
    }

    @Test
    void withRsaKeysMutualTlsStillTakesClientsWithoutACertificateForPlainTokens() throws Exception {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().mutualTls().tlsKeys(IssuerTls.KeyAlgorithm.RSA_2048).start()) {
            HttpResponse<String> response = discovery(issuer.tls().sslContext(), issuer.realm("demo").discoveryUri());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(presented(response).getPublicKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(response.body()).contains("\"tls_client_certificate_bound_access_tokens\":true");
        }
    }

    @Test
    void theStandaloneFlagGivesRsaKeysAndItsWrittenCaIsTrusted(@TempDir Path dir) throws Exception {
        Path ca = dir.resolve("issuer-ca.pem");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (ReferenceIssuer issuer = ReferenceIssuerMain.start(
                new String[] {"--port=0", "--https", "--tls-key", "rsa", "--ca-out", ca.toString()}, sink, sink)) {
            X509Certificate written;
            try (InputStream in = Files.newInputStream(ca)) {
                written = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", written);

            HttpResponse<String> response = discovery(trusting(trust), issuer.realm("demo").discoveryUri());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(presented(response).getPublicKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(written.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        }
    }

    @Test
    void keysWithoutHttpsOrAnUnknownKeyTypeFailNamingTheFix() {
        assertThatThrownBy(() -> ReferenceIssuer.builder().tlsKeys(IssuerTls.KeyAlgorithm.RSA_2048).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("add https() or mutualTls()");
        assertThatThrownBy(() -> ReferenceIssuer.builder().https().tlsKeys(IssuerTls.KeyAlgorithm.RSA_2048)
                .tlsKeys(IssuerTls.KeyAlgorithm.EC_P256)).isInstanceOf(IllegalStateException.class).hasMessageContaining("tlsKeys");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReferenceIssuerMain.start(new String[] {"--port=0", "--tls-key", "rsa"}, sink, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add --https or --mtls");
        assertThatThrownBy(() -> ReferenceIssuerMain.start(new String[] {"--port=0", "--https", "--tls-key", "dsa"}, sink, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give ec")
                .hasMessageContaining("--tls-key dsa");
    }
}
