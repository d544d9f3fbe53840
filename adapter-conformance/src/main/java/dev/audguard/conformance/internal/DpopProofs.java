package dev.audguard.conformance.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * The kit's DPoP client: one EC P-256 key per run, and proofs (RFC 9449 section 4.2) valid by
 * default, bent one way for each hostile case. Written with Nimbus, not sdk-core: the kit is a black
 * box. Thread-safe. Not API.
 */
public final class DpopProofs {
    private final ECKey key;
    private final String thumbprint;

    private DpopProofs(ECKey key) {
        this.key = key;
        try {
            this.thumbprint = key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute the DPoP key thumbprint", e);
        }
    }

    /** A client with a fresh P-256 key. */
    public static DpopProofs generate() {
        try {
            return new DpopProofs(new ECKeyGenerator(Curve.P_256).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a P-256 key", e);
        }
    }

    /** The RFC 7638 thumbprint a bound token's {@code cnf.jkt} names. */
    public String thumbprint() {
        return thumbprint;
    }

    /** A proof by this key for {@code method} and {@code htu}, issued at {@code iat}, with {@code ath} of {@code athOf}. */
    public String proof(String method, String htu, Instant iat, String athOf) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK()).build(),
                new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).issueTime(Date.from(iat))
                        .claim("htm", method).claim("htu", htu).claim("ath", ath(athOf)).build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a DPoP proof", e);
        }
        return jwt.serialize();
    }

    static String ath(String token) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
