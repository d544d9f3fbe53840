package dev.audguard.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;

import java.util.List;

/** Real key pairs for tests; generating RSA keys is slow, so the common ones are made once. */
public final class TestKeys {
    /** The issuer's signing key in most tests. */
    public static final RSAKey RSA = rsa("rsa-1");
    /** A second issuer key, for rotation tests. */
    public static final RSAKey RSA_2 = rsa("rsa-2");
    /** A key nobody publishes: the attacker's. */
    public static final RSAKey ATTACKER = rsa("rsa-1");
    public static final ECKey EC = ec("ec-1", Curve.P_256);

    private TestKeys() {
    }

    public static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RSAKey rsa(String kid, int bits) {
        try {
            return new RSAKeyGenerator(bits, true).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A weak RSA key ({@code bits} below 2048) whose modulus is zero-padded to 256 bytes in the JWK,
     * so that its encoded length says 2048 bits: the key-size check must measure the number.
     */
    public static RSAKey zeroPaddedRsa(String kid, int bits) {
        RSAKey weak = rsa(kid, bits);
        byte[] modulus = weak.getModulus().decodeToBigInteger().toByteArray();
        int start = modulus[0] == 0 ? 1 : 0;
        byte[] padded = new byte[256];
        System.arraycopy(modulus, start, padded, 256 - (modulus.length - start), modulus.length - start);
        return new RSAKey.Builder(Base64URL.encode(padded), weak.getPublicExponent())
                .privateExponent(weak.getPrivateExponent()).keyID(kid).keyUse(KeyUse.SIGNATURE).build();
    }

    public static ECKey ec(String kid, Curve curve) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWKS of {@code keys}. */
    public static String jwks(JWK... keys) {
        return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    /** The algorithm a key signs with by default. */
    public static JWSAlgorithm defaultAlgorithm(JWK key) {
        if (key instanceof ECKey ec) {
            return ec.getCurve().equals(Curve.P_384) ? JWSAlgorithm.ES384
                    : ec.getCurve().equals(Curve.P_521) ? JWSAlgorithm.ES512 : JWSAlgorithm.ES256;
        }
        return JWSAlgorithm.RS256;
    }
}
