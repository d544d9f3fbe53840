package dev.audguard.testsupport.issuer;

import dev.audguard.core.binding.CertificateBinding;
import dev.audguard.issuer.TokenMinter;
import dev.audguard.testsupport.TestCertificates;

import java.security.cert.CertificateEncodingException;
import java.util.Map;

/**
 * A client certificate as a TLS-terminating proxy forwards it (nginx's {@code X-SSL-Client-Cert}, the
 * escaped PEM), and tokens bound to one (RFC 8705 {@code cnf.x5t#S256}, sdk-core's thumbprint).
 * Stateless; thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8705#section-3.1">RFC 8705, section 3.1</a>
 */
public final class ProxiedCertificates {
    /** The header the tests' proxies forward the client certificate in. */
    public static final String HEADER = "X-SSL-Client-Cert";

    private ProxiedCertificates() {
    }

    /** {@code certificate} as nginx's {@code $ssl_client_escaped_cert} puts it in {@link #HEADER}. */
    public static String headerValue(TestCertificates.Issued certificate) {
        return TestCertificates.escaped(TestCertificates.pem(certificate.certificate()));
    }

    /** {@code mint} with the claim {@code cnf} binding its token to {@code certificate}. */
    public static TokenMinter boundTo(TokenMinter mint, TestCertificates.Issued certificate) {
        try {
            return mint.claim("cnf", Map.of("x5t#S256", CertificateBinding.thumbprint(certificate.certificate().getEncoded())));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
