package dev.audguard.core.binding;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.audguard.core.binding.internal.UriNormalizer;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Makes DPoP proofs, RFC 9449 section 4.2, for a client holding one key pair: the token endpoint's
 * (no {@code ath}) and the resource's ({@code ath} = base64url(SHA-256(access token))).
 *
 * <pre>{@code
 * DpopProofSigner signer = DpopProofSigner.generate();          // a fresh EC P-256 key, ES256
 * String proof = signer.proof("GET", URI.create("https://api.example.com/orders/42"), accessToken, null);
 * // send "Authorization: DPoP <accessToken>" and "DPoP: <proof>"
 * }</pre>
 *
 * <p>Each proof has a random 128-bit {@code jti}, {@code iat} from the injected clock (default the
 * system clock), {@code htm} as given and {@code htu} the RFC 3986 normal form of the URI without
 * query and fragment, as a resource compares it. The algorithm follows from the key: {@code ES256},
 * {@code ES384} or {@code ES512} for EC P-256/384/521, {@code PS256} for RSA of at least 2048 bits.
 * The header's {@code jwk} carries the public key only.
 *
 * <p>Immutable and thread-safe. {@link #toString()} names the thumbprint, never the private key;
 * proofs are bearer-like credentials for their lifetime and must not be logged.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-4.2">RFC 9449 section 4.2</a>
 */
public final class DpopProofSigner {
    private static final JOSEObjectType DPOP_JWT = new JOSEObjectType("dpop+jwt");

    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final JWK publicJwk;
    private final String thumbprint;
    private final Clock clock;
    private final SecureRandom random;

    private DpopProofSigner(Builder b) {
        KeyPair pair = b.keyPair;
        this.clock = b.clock != null ? b.clock : Clock.systemUTC();
        this.random = new SecureRandom();
        try {
            if (pair.getPublic() instanceof ECPublicKey ecPublic && pair.getPrivate() instanceof ECPrivateKey ecPrivate) {
                Curve curve = Curve.forECParameterSpec(ecPublic.getParams());
                if (curve == null || !(curve.equals(Curve.P_256) || curve.equals(Curve.P_384) || curve.equals(Curve.P_521))) {
                    throw new IllegalArgumentException("DPoP key pair: the EC curve must be P-256, P-384 or P-521");
                }
                this.algorithm = curve.equals(Curve.P_256) ? JWSAlgorithm.ES256
                        : curve.equals(Curve.P_384) ? JWSAlgorithm.ES384 : JWSAlgorithm.ES512;
                this.publicJwk = new ECKey.Builder(curve, ecPublic).build();
                this.signer = new ECDSASigner(ecPrivate, curve);
            } else if (pair.getPublic() instanceof RSAPublicKey rsaPublic && pair.getPrivate() instanceof RSAPrivateKey rsaPrivate) {
                if (rsaPublic.getModulus().bitLength() < 2048) {
                    throw new IllegalArgumentException("DPoP key pair: an RSA key must have at least 2048 bits");
                }
                this.algorithm = JWSAlgorithm.PS256;
                this.publicJwk = new RSAKey.Builder(rsaPublic).build();
                this.signer = new RSASSASigner(rsaPrivate);
            } else {
                throw new IllegalArgumentException("DPoP key pair: use an EC (P-256, P-384, P-521) or RSA key pair");
            }
            this.thumbprint = publicJwk.computeThumbprint("SHA-256").toString();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("DPoP key pair: the key cannot sign (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A signer with a freshly generated EC P-256 key pair ({@code ES256}) and the system clock. */
    public static DpopProofSigner generate() {
        return builder().keyPair(generateP256()).build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A fresh EC P-256 key pair, for {@link Builder#keyPair(KeyPair)}. */
    public static KeyPair generateP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("EC P-256 is required of every Java platform", e);
        }
    }

    /**
     * A proof for a token request (RFC 9449 section 5): no {@code ath}.
     *
     * @param method the HTTP method, such as {@code POST}
     * @param uri the token endpoint; query and fragment are left out of {@code htu}
     * @param nonce the server's {@code DPoP-Nonce}, or {@code null}
     * @throws IllegalArgumentException when {@code uri} is not an absolute http(s) URI
     */
    public String proof(String method, URI uri, String nonce) {
        return sign(method, uri, null, nonce);
    }

    /**
     * A proof for a request to a resource with {@code accessToken} (RFC 9449 section 7):
     * {@code ath} is base64url(SHA-256(accessToken)).
     *
     * @param method the HTTP method, such as {@code GET}
     * @param uri the request URI; query and fragment are left out of {@code htu}
     * @param accessToken the DPoP-bound access token sent with the proof
     * @param nonce the server's {@code DPoP-Nonce}, or {@code null}
     * @throws IllegalArgumentException when {@code uri} is not an absolute http(s) URI
     */
    public String proof(String method, URI uri, String accessToken, String nonce) {
        return sign(method, uri, Objects.requireNonNull(accessToken, "accessToken"), nonce);
    }

    private String sign(String method, URI uri, String accessToken, String nonce) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        String htu;
        try {
            htu = UriNormalizer.normalize(uri.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DPoP proof: the request URI must be an absolute http(s) URI with a host");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", randomJti());
        claims.put("htm", method);
        claims.put("htu", htu);
        claims.put("iat", clock.instant().getEpochSecond());
        if (accessToken != null) {
            claims.put("ath", ath(accessToken));
        }
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        JWSObject jws = new JWSObject(new JWSHeader.Builder(algorithm).type(DPOP_JWT).jwk(publicJwk).build(), new Payload(claims));
        try {
            synchronized (signer) {
                // Nimbus signers are not documented as thread-safe
                jws.sign(signer);
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("DPoP proof could not be signed (" + e.getClass().getSimpleName() + ")", e);
        }
        return jws.serialize();
    }

    /** The RFC 7638 SHA-256 thumbprint of the public key: what a bound token's {@code cnf.jkt} holds. */
    public String thumbprint() {
        return thumbprint;
    }

    /** The proof algorithm, such as {@code ES256}. */
    public String algorithm() {
        return algorithm.getName();
    }

    /** base64url(SHA-256(accessToken)), the {@code ath} claim. */
    public static String ath(String accessToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private String randomJti() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "DpopProofSigner{alg=" + algorithm + ", jkt=" + thumbprint + '}';
    }

    /** Configures a {@link DpopProofSigner}; each option may be set once, {@link #build()} needs a key pair. Not thread-safe. */
    public static final class Builder {
        private KeyPair keyPair;
        private Clock clock;

        private Builder() {
        }

        /** The client's key pair: EC P-256/384/521 or RSA of at least 2048 bits. Required. */
        public Builder keyPair(KeyPair keyPair) {
            if (this.keyPair != null) {
                throw new IllegalStateException("DPoP keyPair is already set");
            }
            this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
            return this;
        }

        /**
         * The client's key pair as one private JWK (RFC 7517 JSON: EC with {@code d}, {@code x},
         * {@code y}, or RSA with its private members), e.g. from a secret store; the same rules as
         * {@link #keyPair(KeyPair)}. Exclusive with it.
         *
         * @throws IllegalArgumentException when the text is not a private EC or RSA JWK; the message
         *     never holds a byte of it
         */
        public Builder privateJwk(String json) {
            Objects.requireNonNull(json, "json");
            com.nimbusds.jose.jwk.JWK jwk;
            try {
                jwk = com.nimbusds.jose.jwk.JWK.parse(json);
            } catch (java.text.ParseException | RuntimeException e) {
                // neither the text nor the parser's message, which may quote it
                throw new IllegalArgumentException("DPoP privateJwk is not a readable JWK (RFC 7517 JSON of an EC or RSA private key)");
            }
            if (!(jwk instanceof com.nimbusds.jose.jwk.ECKey) && !(jwk instanceof com.nimbusds.jose.jwk.RSAKey)) {
                throw new IllegalArgumentException("DPoP privateJwk must be an EC or RSA key (kty EC or RSA)");
            }
            if (!jwk.isPrivate()) {
                throw new IllegalArgumentException("DPoP privateJwk is a public key only: give the private JWK "
                        + "(with its \"d\" member), whose public half the proofs carry");
            }
            try {
                return keyPair(jwk instanceof com.nimbusds.jose.jwk.ECKey ec ? ec.toKeyPair() : jwk.toRSAKey().toKeyPair());
            } catch (com.nimbusds.jose.JOSEException | RuntimeException e) {
                throw new IllegalArgumentException("DPoP privateJwk holds key members that do not form a key pair");
            }
        }

        /** The clock {@code iat} is read from (default the system clock). */
        public Builder clock(Clock clock) {
            if (this.clock != null) {
                throw new IllegalStateException("DPoP clock is already set");
            }
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the signer.
         *
         * @throws IllegalStateException without a key pair
         * @throws IllegalArgumentException when the key pair is not EC P-256/384/521 or RSA of 2048+ bits
         */
        public DpopProofSigner build() {
            if (keyPair == null) {
                throw new IllegalStateException("DPoP proof signer needs keyPair(...): an EC P-256 key pair "
                        + "(DpopProofSigner.generateP256()) or an RSA key pair of at least 2048 bits");
            }
            return new DpopProofSigner(this);
        }
    }
}
