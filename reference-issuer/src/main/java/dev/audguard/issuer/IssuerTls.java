package dev.audguard.issuer;

import dev.audguard.issuer.internal.TlsMaterial;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/**
 * What a client needs to trust an issuer started with {@link ReferenceIssuer.Builder#https()}: the
 * CA it generated at start (EC P-256 by default, RSA 2048 with
 * {@link ReferenceIssuer.Builder#tlsKeys(KeyAlgorithm) tlsKeys(KeyAlgorithm.RSA_2048)}; valid from a
 * day ago for a year, by the wall clock), as a certificate, a PEM file, a {@link KeyStore} or a ready
 * {@link SSLContext}. The server certificate names 127.0.0.1, ::1, localhost and the configured host,
 * with a key of the same algorithm as the CA's. Each issuer has its own CA; nothing is written to disk
 * unless asked.
 *
 * <pre>{@code
 * try (ReferenceIssuer issuer = ReferenceIssuer.builder().https().start()) {
 *     HttpClient client = HttpClient.newBuilder().sslContext(issuer.tls().sslContext()).build();
 *     // issuer.issuerUrl("demo") is https://127.0.0.1:PORT/realms/demo
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class IssuerTls {

    /** The algorithm of the CA's and the server certificate's keys. */
    public enum KeyAlgorithm {
        /** EC P-256, certificates signed {@code ecdsa-with-SHA256}: the default. */
        EC_P256,
        /** RSA 2048-bit, certificates signed {@code sha256WithRSAEncryption}. */
        RSA_2048
    }

    private final TlsMaterial material;
    private final boolean mutualTls;

    IssuerTls(TlsMaterial material, boolean mutualTls) {
        this.material = material;
        this.mutualTls = mutualTls;
    }

    /** The CA that signed the server certificate. */
    public X509Certificate caCertificate() {
        return material.ca();
    }

    /** The certificate the server presents. */
    public X509Certificate serverCertificate() {
        return material.server();
    }

    /** The CA as PEM ({@code curl --cacert}, {@code SSL_CERT_FILE}, a Spring SSL bundle). */
    public String caCertificatePem() {
        return TlsMaterial.pem(material.ca());
    }

    /** Writes {@link #caCertificatePem()} to {@code file}, replacing it. */
    public Path writeCaCertificatePem(Path file) throws IOException {
        return Files.writeString(file, caCertificatePem(), StandardCharsets.US_ASCII);
    }

    /** A new PKCS#12 trust store holding only the CA, under alias {@code reference-issuer-ca}; no password needed to read it. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("reference-issuer-ca", material.ca());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store", e);
        }
    }

    /** An {@link SSLContext} that trusts this issuer's CA and nothing else, presenting no client certificate. */
    public SSLContext sslContext() {
        return sslContext(null);
    }

    /**
     * As {@link #sslContext()}, presenting the client certificate {@code keyManagers} choose (for
     * {@link ReferenceIssuer.Builder#mutualTls()}); null for none.
     */
    public SSLContext sslContext(KeyManager[] keyManagers) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build an SSLContext", e);
        }
    }

    /** The algorithm of the CA's and the server certificate's keys. */
    public KeyAlgorithm keyAlgorithm() {
        return material.rsa() ? KeyAlgorithm.RSA_2048 : KeyAlgorithm.EC_P256;
    }

    /** Whether the server asks clients for a certificate (and binds tokens of clients configured for it). */
    public boolean mutualTls() {
        return mutualTls;
    }

    @Override
    public String toString() {
        return "IssuerTls[ca=" + material.ca().getSubjectX500Principal().getName() + ", keys=" + keyAlgorithm()
                + ", mutualTls=" + mutualTls + "]";
    }
}
