package dev.audguard.core.binding;

import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.internal.Confirmation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks certificate-bound access tokens, RFC 8705 section 3: a token with {@code cnf.x5t#S256} passes
 * only with the client certificate whose base64url(SHA-256(DER)) that is, compared in constant time.
 *
 * <pre>{@code
 * CertificateBinding binding = CertificateBinding.create();
 * binding.check(verifiedToken, certificateDer);   // Optional<byte[]>: from the TLS connection or a ClientCertificateHeader
 * }</pre>
 *
 * <p>A token without {@code cnf.x5t#S256} passes whatever certificate came with it. A bound token
 * without a certificate is refused with {@link BindingReason#CERTIFICATE_MISSING}, with another
 * certificate with {@link BindingReason#CERTIFICATE_MISMATCH}; a {@code cnf.x5t#S256} that is not a
 * base64url SHA-256 with {@link BindingReason#INVALID_CONFIRMATION}. All answer {@code 401 invalid_token}.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8705#section-3">RFC 8705 section 3</a>
 */
public final class CertificateBinding {
    private static final Logger log = LoggerFactory.getLogger(CertificateBinding.class);
    /** The confirmation member of RFC 8705 section 3.1. */
    public static final String CONFIRMATION_MEMBER = "x5t#S256";

    private final BindingListener listener;

    private CertificateBinding(BindingListener listener) {
        this.listener = listener;
    }

    /** A binding check that tells nobody. */
    public static CertificateBinding create() {
        return new CertificateBinding(BindingListener.none());
    }

    /** A binding check that tells {@code listener} about each outcome. */
    public static CertificateBinding create(BindingListener listener) {
        return new CertificateBinding(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Checks {@code token} against the client certificate of its request.
     *
     * @param token the verified access token
     * @param certificateDer the DER of the client certificate, when one was presented
     * @return whether the token was certificate-bound (and matched)
     * @throws SenderBindingException when it is bound and the certificate is absent or another
     */
    public boolean check(VerifiedToken token, Optional<byte[]> certificateDer) {
        Optional<String> expected;
        try {
            expected = Confirmation.read(token, CONFIRMATION_MEMBER);
            if (expected.isEmpty()) {
                return false;
            }
            if (certificateDer.isEmpty()) {
                throw new SenderBindingException(BindingReason.CERTIFICATE_MISSING);
            }
            byte[] presented = Base64.getUrlEncoder().withoutPadding().encode(sha256(certificateDer.get()));
            if (!MessageDigest.isEqual(presented, expected.get().getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new SenderBindingException(BindingReason.CERTIFICATE_MISMATCH);
            }
        } catch (SenderBindingException e) {
            log.debug("certificate-bound request refused: {}", e.reason().code());
            try {
                listener.refused(e.reason());
            } catch (RuntimeException listenerFailure) {
                log.warn("binding listener failed: {}", listenerFailure.getClass().getName());
            }
            throw e;
        }
        try {
            listener.accepted("mtls");
        } catch (RuntimeException listenerFailure) {
            log.warn("binding listener failed: {}", listenerFailure.getClass().getName());
        }
        return true;
    }

    /** base64url(SHA-256({@code certificateDer})) without padding: the value of {@code cnf.x5t#S256} for it. */
    public static String thumbprint(byte[] certificateDer) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(certificateDer));
    }

    /** The RFC 9728 field this check implies: {@code tls_client_certificate_bound_access_tokens: true}. */
    public Map<String, Object> metadataFields() {
        return Map.of("tls_client_certificate_bound_access_tokens", Boolean.TRUE);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
