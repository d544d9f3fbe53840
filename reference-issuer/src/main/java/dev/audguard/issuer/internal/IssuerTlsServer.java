package dev.audguard.issuer.internal;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The HTTPS side of the issuer's server: an {@link HttpsServer} presenting the generated server
 * certificate and, with mutual TLS, asking (not requiring) every client for a certificate.
 *
 * <p>A client certificate is accepted whatever signed it: the handshake proves the client holds its
 * key, which is all a certificate-bound token (RFC 8705 section 3) needs, and the reference issuer
 * binds tokens to certificates, it does not authenticate clients by them ({@code tls_client_auth} is
 * not modelled). Keycloak leaves the same decision to its TLS layer's trust store.
 *
 * <p>Immutable and thread-safe.
 */
public final class IssuerTlsServer {

    private final TlsMaterial material;
    private final boolean mutualTls;
    private final SSLContext context;

    public IssuerTlsServer(TlsMaterial material, boolean mutualTls) {
        this.material = material;
        this.mutualTls = mutualTls;
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(material.serverKeyStore(), TlsMaterial.KEY_PASSWORD);
            context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), mutualTls ? new javax.net.ssl.TrustManager[] {new AnyClientCertificate()} : null, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the issuer's TLS", e);
        }
    }

    public TlsMaterial material() {
        return material;
    }

    public boolean mutualTls() {
        return mutualTls;
    }

    HttpServer create(InetSocketAddress address, int backlog) throws IOException {
        HttpsServer server = HttpsServer.create(address, backlog);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setWantClientAuth(mutualTls);
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }

    /** Takes any client certificate chain; never used to trust a server. */
    private static final class AnyClientCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no client certificate");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the issuer trusts no server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0]; // an empty list lets clients offer a certificate from any CA
        }
    }
}
