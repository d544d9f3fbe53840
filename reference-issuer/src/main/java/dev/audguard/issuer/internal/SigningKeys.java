package dev.audguard.issuer.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a signing key a test supplies: a private JWK (JSON), or PEM with a PKCS#8
 * {@code PRIVATE KEY} block (RSA; EC also needs its {@code PUBLIC KEY} block, since the JDK cannot
 * derive an EC public key). The {@code kid} is the JWK's own or the RFC 7638 thumbprint, so it is
 * the same on every run.
 *
 * <p>Stateless and thread-safe.
 */
public final class SigningKeys {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    private SigningKeys() {
    }

    /** @throws IllegalArgumentException naming what is wrong (never echoing key material) */
    public static JWK parse(String text) {
        String trimmed = text.trim();
        JWK key;
        if (trimmed.startsWith("{")) {
            try {
                key = JWK.parse(trimmed);
            } catch (ParseException e) {
                throw new IllegalArgumentException("not a JWK (JSON object with kty and the private parts)");
            }
        } else {
            key = fromPem(trimmed);
        }
        KeyRing.algorithmOf(key); // checks it is a private RSA or EC key whose alg fits
        try {
            if (key.getKeyID() == null) {
                key = key instanceof RSAKey rsa ? new RSAKey.Builder(rsa).keyIDFromThumbprint().build()
                        : new ECKey.Builder((ECKey) key).keyIDFromThumbprint().build();
            }
            if (key.getKeyUse() == null) {
                key = key instanceof RSAKey rsa ? new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).build()
                        : new ECKey.Builder((ECKey) key).keyUse(KeyUse.SIGNATURE).build();
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot compute the key's thumbprint", e);
        }
        return key;
    }

    private static JWK fromPem(String pem) {
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a PEM block is not valid base64");
            }
            switch (m.group(1)) {
                case "PRIVATE KEY" -> privateKey = privateKey(der);
                case "PUBLIC KEY" -> publicKey = publicKey(der);
                default -> throw new IllegalArgumentException("PEM block '" + m.group(1)
                        + "' not supported: give PKCS#8 (BEGIN PRIVATE KEY), e.g. openssl pkcs8 -topk8 -nocrypt");
            }
        }
        if (privateKey == null) {
            throw new IllegalArgumentException("no PEM PRIVATE KEY block (PKCS#8) and not a JWK");
        }
        try {
            if (privateKey instanceof RSAPrivateCrtKey rsa) {
                RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                return new RSAKey.Builder(pub).privateKey(rsa).build();
            }
            if (privateKey instanceof ECPrivateKey ec) {
                if (!(publicKey instanceof ECPublicKey ecPub)) {
                    throw new IllegalArgumentException("an EC private key needs its PUBLIC KEY block beside it");
                }
                return new ECKey.Builder(Curve.forECParameterSpec(ecPub.getParams()), ecPub).privateKey(ec).build();
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable RSA key");
        }
        throw new IllegalArgumentException("an RSA (with CRT parameters) or EC private key");
    }

    private static PrivateKey privateKey(byte[] der) {
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (java.security.GeneralSecurityException e) {
                // try the next type
            }
        }
        throw new IllegalArgumentException("the PRIVATE KEY block is neither an RSA nor an EC PKCS#8 key");
    }

    private static PublicKey publicKey(byte[] der) {
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (java.security.GeneralSecurityException e) {
                // try the next type
            }
        }
        throw new IllegalArgumentException("the PUBLIC KEY block is neither an RSA nor an EC key");
    }
}
