package dev.audguard.issuer.internal;

import dev.audguard.issuer.internal.RealmModel.Client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * Certificate-bound tokens at the token endpoint (RFC 8705 section 3), as Keycloak 26's
 * {@code MtlsHoKTokenUtil} does them: for a client with {@value #BOUND_ATTRIBUTE} {@code "true"}, the
 * access and refresh tokens carry {@code cnf.x5t#S256} = base64url(SHA-256(DER of the certificate the
 * client presented in the TLS handshake)); without a certificate there is no token
 * ({@code 400 invalid_request}); a refresh token is redeemed only over a connection with the
 * certificate it is bound to ({@code 401 unauthorized_client}). Keycloak's wording.
 *
 * <p>Kept apart from sdk-core's {@code CertificateBinding}: the issuer is the independent oracle.
 * Stateless and thread-safe.
 */
final class CertificateBinding {

    /** Keycloak's client attribute ("OAuth 2.0 Mutual TLS Certificate Bound Access Tokens Enabled"). */
    static final String BOUND_ATTRIBUTE = "tls.client.certificate.bound.access.tokens";
    static final String CNF_MEMBER = "x5t#S256";
    static final String MISSING = "Client Certification missing for MTLS HoK Token Binding";
    static final String MISMATCH = "Client certificate missing, or its thumbprint and one in the refresh token did NOT match";

    private CertificateBinding() {
    }

    static boolean required(Client client) {
        return "true".equals(client.attribute(BOUND_ATTRIBUTE));
    }

    /**
     * The thumbprint to bind this client's tokens to: null for a client not configured for it.
     *
     * @throws OAuthException 400 {@code invalid_request} when the client is configured for it and
     *     presented no certificate
     */
    static String thumbprintFor(Client client, Request req) {
        if (!required(client)) {
            return null;
        }
        byte[] der = req.clientCertificate();
        if (der == null) {
            throw OAuthException.invalidRequest(MISSING);
        }
        return thumbprint(der);
    }

    /**
     * Refuses a refresh token bound to a certificate other than the one presented (or when none was).
     * A refresh token of a cert-bound client without a binding (issued before the client was switched
     * over) is refused too, as Keycloak does.
     */
    static void checkRefresh(Client client, Map<String, Object> refreshClaims, String presented) {
        if (!required(client)) {
            return;
        }
        String bound = refreshClaims.get("cnf") instanceof Map<?, ?> cnf && cnf.get(CNF_MEMBER) instanceof String s ? s : null;
        if (bound == null || presented == null || !MessageDigest.isEqual(bound.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII))) {
            throw new OAuthException(401, "unauthorized_client", MISMATCH);
        }
    }

    /** base64url(SHA-256(der)), unpadded. */
    static String thumbprint(byte[] der) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
