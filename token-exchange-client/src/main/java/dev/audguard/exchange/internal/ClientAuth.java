package dev.audguard.exchange.internal;

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
import dev.audguard.exchange.TokenExchangeException.Category;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Client authentication at the token endpoint (RFC 6749 section 2.3, RFC 7523 section 2.2).
 * Not API.
 *
 * <p>{@code toString()} names the client and the method, never the secret or key. Immutable and
 * thread-safe.
 */
public sealed interface ClientAuth {

    /** The client id. */
    String clientId();

    /** The method's registered name, such as {@code client_secret_basic}. */
    String method();

    /** Adds the credentials to a token request. {@code assertionAudience} is used by {@code private_key_jwt} only. */
    void apply(Map<String, List<String>> form, HttpRequest.Builder request, String assertionAudience, Clock clock);

    /** The shared secret, so error texts that echo it can be dropped; null for key-based methods. */
    String secret();

    /** {@code client_secret_basic}: id and secret, each form-urlencoded (RFC 6749 section 2.3.1), in HTTP Basic. */
    record SecretBasic(String clientId, String secret) implements ClientAuth {
        @Override
        public String method() {
            return "client_secret_basic";
        }

        @Override
        public void apply(Map<String, List<String>> form, HttpRequest.Builder request, String assertionAudience, Clock clock) {
            String credentials = enc(clientId) + ":" + enc(secret);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return method() + "(" + clientId + ")";
        }
    }

    /** {@code client_secret_post}: {@code client_id} and {@code client_secret} in the form body. */
    record SecretPost(String clientId, String secret) implements ClientAuth {
        @Override
        public String method() {
            return "client_secret_post";
        }

        @Override
        public void apply(Map<String, List<String>> form, HttpRequest.Builder request, String assertionAudience, Clock clock) {
            form.put("client_id", List.of(clientId));
            form.put("client_secret", List.of(secret));
        }

        @Override
        public String toString() {
            return method() + "(" + clientId + ")";
        }
    }

    /**
     * {@code private_key_jwt} (RFC 7523 section 2.2): a JWT signed with the client's key, with
     * {@code iss} = {@code sub} = the client id, one {@code aud}, a fresh random {@code jti},
     * {@code iat} and an {@code exp} {@link #ASSERTION_LIFETIME} later.
     */
    final class PrivateKeyJwt implements ClientAuth {
        /** Short: an assertion is single use, and Keycloak refuses ones issued over 60 s ago. */
        public static final Duration ASSERTION_LIFETIME = Duration.ofSeconds(60);
        private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
                JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
        private static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

        private final String clientId;
        private final PrivateKey key;
        private final String keyId;
        private final JWSAlgorithm algorithm;

        /**
         * @throws IllegalArgumentException when the algorithm is not an RSA or EC signature algorithm
         *     that fits the key
         */
        public PrivateKeyJwt(String clientId, PrivateKey key, String keyId, String algorithm) {
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
            } catch (ExchangeFailure e) {
                throw new IllegalArgumentException("the private key cannot sign with " + algorithm);
            }
        }

        /**
         * From a private JWK (RSA or EC). The algorithm comes from the JWK's {@code alg}, else RS256
         * for RSA and the curve's ES algorithm for EC; the key id from its {@code kid}.
         *
         * @throws IllegalArgumentException when the JSON is not a private RSA or EC JWK (the message never contains key material)
         */
        public static PrivateKeyJwt fromJwk(String clientId, String jwkJson) {
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
                    return new PrivateKeyJwt(clientId, rsa.toPrivateKey(), jwk.getKeyID(), alg);
                }
                if (jwk instanceof ECKey ec) {
                    String alg = jwk.getAlgorithm() != null ? jwk.getAlgorithm().getName() : defaultAlgorithm(ec.getCurve());
                    return new PrivateKeyJwt(clientId, ec.toECPrivateKey(), jwk.getKeyID(), alg);
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

        @Override
        public String clientId() {
            return clientId;
        }

        @Override
        public String method() {
            return "private_key_jwt";
        }

        @Override
        public String secret() {
            return null;
        }

        /** The algorithm assertions are signed with. */
        public String algorithm() {
            return algorithm.getName();
        }

        @Override
        public void apply(Map<String, List<String>> form, HttpRequest.Builder request, String assertionAudience, Clock clock) {
            form.put("client_assertion_type", List.of(ASSERTION_TYPE));
            form.put("client_assertion", List.of(sign(assertionAudience, clock.instant())));
        }

        String sign(String audience, Instant now) {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(clientId)
                    .subject(clientId)
                    .audience(audience)
                    .jwtID(UUID.randomUUID().toString())
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
            try {
                JWSSigner signer = RSA.contains(algorithm) ? new RSASSASigner(key) : new ECDSASigner((ECPrivateKey) key);
                jwt.sign(signer);
            } catch (JOSEException | RuntimeException e) {
                // a key that stopped working (a hardware token removed, say): this client's setup, not the issuer
                throw new ExchangeFailure(Category.CONFIGURATION,
                        "cannot sign the client assertion", null, null, null, null, false, e);
            }
            return jwt.serialize();
        }

        @Override
        public String toString() {
            return method() + "(" + clientId + ", " + algorithm + (keyId == null ? "" : ", kid=" + keyId) + ")";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
