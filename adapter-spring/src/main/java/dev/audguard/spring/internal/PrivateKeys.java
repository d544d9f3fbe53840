package dev.audguard.spring.internal;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads a client's private key from an unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}),
 * RSA or EC, for {@code private_key_jwt}. Failures name the property and the location, never a byte
 * of the key. Not API.
 *
 * <p>Thread-safe (stateless).
 */
final class PrivateKeys {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private PrivateKeys() {
    }

    /** The key in {@code pem}, read from {@code location} for {@code property}. */
    static PrivateKey fromPem(String pem, String property, String location) {
        String convert = "Convert it to unencrypted PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem), "
                + "or point " + property + " at a private JWK.";
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new AudguardConfigurationException("audguard: " + property + " (" + location + ") is an encrypted key, "
                    + "which audguard cannot read without its password.", convert);
        }
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new AudguardConfigurationException("audguard: " + property + " (" + location + ") is a PKCS#1 or SEC1 key; "
                    + "audguard reads PKCS#8 (BEGIN PRIVATE KEY) or a JWK.", convert);
        }
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new AudguardConfigurationException("audguard: " + property + " (" + location + ") is neither a PEM private key "
                    + "(BEGIN PRIVATE KEY) nor a private JWK.", "Point " + property + " at the client's private key: a PKCS#8 "
                    + "PEM or a private JWK (RSA or EC).");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw unreadable(property, location);
        }
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                // try the other type; the error names neither the key nor the exception's text
            }
        }
        throw unreadable(property, location);
    }

    private static AudguardConfigurationException unreadable(String property, String location) {
        return new AudguardConfigurationException("audguard: " + property + " (" + location + ") holds a PRIVATE KEY block that "
                + "is not a readable RSA or EC key.", "Point " + property + " at the client's unencrypted PKCS#8 RSA or EC key.");
    }

    /** RS256 for RSA; ES256, ES384 or ES512 after an EC key's curve. */
    static String defaultAlgorithm(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits <= 256 ? "ES256" : bits <= 384 ? "ES384" : "ES512";
        }
        return "RS256";
    }
}
