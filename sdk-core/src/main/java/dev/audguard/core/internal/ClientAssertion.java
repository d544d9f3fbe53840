package dev.audguard.core.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Signs {@code private_key_jwt} client assertions (RFC 7523 section 2.2): {@code iss} = {@code sub}
 * = the client id, one {@code aud}, a fresh random {@code jti}, {@code iat} and an {@code exp}
 * {@link #LIFETIME} later, signed with the client's RSA or EC key. Not API.
 *
 * <p>{@code toString()} names the client, the algorithm and the key id, never the key. Immutable
 * and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7523#section-2.2">RFC 7523 section 2.2</a>
 */
public final class ClientAssertion {
    /** Short: an assertion is single use, and Keycloak refuses ones issued over 60 s ago. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    /** The {@code client_assertion_type} of a JWT assertion. */
    public static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    private static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final String clientId;
    private final PrivateKey key;
    private final String keyId;
    private final JWSAlgorithm algorithm;

    /**
     * @throws IllegalArgumentException when the algorithm is not an RSA or EC signature algorithm
     *     that fits the key (the message never contains key material)
     */
    public ClientAssertion(String clientId, PrivateKey key, String keyId, String algorithm) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.key = Objects.requireNonNull(key, "key");
        this.keyId = keyId;
        this.algorithm = JWSAlgorithm.parse(Objects.requireNonNull(algorithm, "algorithm"));
        if (!RSA.contains(this.algorithm) && !EC.contains(this.algorithm)) {
            throw new IllegalArgumentException("private_key_jwt needs one of RS256/384/512, PS256/384/512, ES256/384/512");
        }
        try {
            // sign once now, so that a key that does not fit the algorithm fails at configuration time
            sign("probe", Instant.EPOCH);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("the private key cannot sign with " + algorithm);
        }
    }

    /**
     * From a private JWK (RSA or EC). The algorithm comes from the JWK's {@code alg}, else RS256 for
     * RSA and the curve's ES algorithm for EC; the key id from its {@code kid}.
     *
     * @throws IllegalArgumentException when the JSON is not a private RSA or EC JWK (the message never contains key material)
     */
    public static ClientAssertion fromJwk(String clientId, String jwkJson) {
        Objects.requireNonNull(jwkJson, "jwkJson");
        JWK jwk;
        try {
            jwk = JWK.parse(jwkJson);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("not a JWK");
        }
        if (!jwk.isPrivate()) {
            throw new IllegalArgumentException("the JWK holds no private key");
        }
        try {
            if (jwk instanceof RSAKey rsa) {
                String alg = jwk.getAlgorithm() != null ? jwk.getAlgorithm().getName() : "RS256";
                return new ClientAssertion(clientId, rsa.toPrivateKey(), jwk.getKeyID(), alg);
            }
            if (jwk instanceof ECKey ec) {
                String alg = jwk.getAlgorithm() != null ? jwk.getAlgorithm().getName() : defaultAlgorithm(ec.getCurve());
                return new ClientAssertion(clientId, ec.toECPrivateKey(), jwk.getKeyID(), alg);
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the JWK's private key cannot be used");
        }
        throw new IllegalArgumentException("private_key_jwt needs an RSA or EC key");
    }

    private static String defaultAlgorithm(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return "ES256";
        }
        if (Curve.P_384.equals(curve)) {
            return "ES384";
        }
        if (Curve.P_521.equals(curve)) {
            return "ES512";
        }
        throw new IllegalArgumentException("private_key_jwt needs an EC key on P-256, P-384 or P-521");
    }

    /** The client id, {@code iss} and {@code sub} of each assertion. */
    public String clientId() {
        return clientId;
    }

    /** The algorithm assertions are signed with. */
    public String algorithm() {
        return algorithm.getName();
    }

    /**
     * A fresh assertion for {@code audience}, issued at {@code now}.
     *
     * @throws IllegalStateException when the key stopped signing (a hardware token removed, say)
     */
    public String sign(String audience, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
        try {
            JWSSigner signer = RSA.contains(algorithm) ? new RSASSASigner(key) : new ECDSASigner((ECPrivateKey) key);
            jwt.sign(signer);
        } catch (JOSEException | RuntimeException e) {
            throw new IllegalStateException("cannot sign the client assertion", e);
        }
        return jwt.serialize();
    }

    @Override
    public String toString() {
        return "private_key_jwt(" + clientId + ", " + algorithm + (keyId == null ? "" : ", kid=" + keyId) + ")";
    }
}
