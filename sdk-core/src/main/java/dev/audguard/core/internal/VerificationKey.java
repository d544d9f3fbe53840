package dev.audguard.core.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Optional;

/**
 * One public key that can verify signatures, with the verifier built once. Not API.
 *
 * <p>A key fits an algorithm only by its type and curve, and by its own {@code alg} when the JWK
 * names one: the token never chooses how its key is used.
 *
 * <p>Thread-safe: Nimbus verifiers keep no per-call state, and the JCA verifiers for RSA are per thread.
 */
public final class VerificationKey {
    /** RSA keys shorter than this are refused, as RFC 7518 section 3.3 requires. */
    static final int MIN_RSA_BITS = 2048;

    private final String keyId;
    private final String thumbprint;
    private final JWSAlgorithm algorithm;
    private final Curve curve;
    private final JWSVerifier verifier;
    /** The RSA public key, or {@code null} for EC keys (verified through Nimbus, which transcodes and range-checks). */
    private final RSAPublicKey rsaKey;
    /** Per thread: an initialised JCA verifier for each of {@link #RSA_ALGORITHMS}, made on first use. */
    private final ThreadLocal<Signature[]> signatures = ThreadLocal.withInitial(() -> new Signature[6]);
    private static final List<JWSAlgorithm> RSA_ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

    private VerificationKey(JWK jwk, JWSAlgorithm algorithm, Curve curve, JWSVerifier verifier, RSAPublicKey rsaKey)
            throws JOSEException {
        this.rsaKey = rsaKey;
        this.keyId = jwk.getKeyID();
        this.thumbprint = jwk.computeThumbprint().toString();
        this.algorithm = algorithm;
        this.curve = curve;
        this.verifier = verifier;
    }

    /**
     * A verification key for {@code jwk}, or empty with the reason it cannot be one: not RSA or EC,
     * an unsupported curve, too short (the modulus measured as a number), or meant for something other
     * than signatures by its {@code use} or its {@code key_ops}.
     */
    static Optional<VerificationKey> of(JWK jwk) throws JOSEException {
        if (jwk.getKeyUse() != null && !"sig".equals(jwk.getKeyUse().identifier())) {
            return Optional.empty();
        }
        // key_ops restricts a key as use does (RFC 7517 section 4.3): a public key verifies or nothing
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return Optional.empty();
        }
        JWSAlgorithm alg = jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
        if (jwk instanceof RSAKey rsa) {
            RSAPublicKey publicKey = rsa.toRSAPublicKey();
            // the modulus as a number: Nimbus's size() counts encoded bytes, and leading zero bytes
            // would pass a 512-bit modulus off as 2048 bits
            if (publicKey.getModulus().bitLength() < MIN_RSA_BITS
                    || (alg != null && !JWSAlgorithm.Family.RSA.contains(alg))) {
                return Optional.empty();
            }
            return Optional.of(new VerificationKey(jwk, alg, null, new RSASSAVerifier(publicKey), publicKey));
        }
        if (jwk instanceof ECKey ec) {
            Curve curve = ec.getCurve();
            JWSAlgorithm curveAlg = algorithmOf(curve);
            if (curveAlg == null || (alg != null && !alg.equals(curveAlg))) {
                return Optional.empty();
            }
            return Optional.of(new VerificationKey(jwk, alg, curve, new ECDSAVerifier(ec.toECPublicKey()), null));
        }
        return Optional.empty();
    }

    private static JWSAlgorithm algorithmOf(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        return null;
    }

    /** The key's {@code kid}, or {@code null}. */
    public String keyId() {
        return keyId;
    }

    /** The RFC 7638 SHA-256 thumbprint of the public key: its identity, whatever its {@code kid}. */
    public String thumbprint() {
        return thumbprint;
    }

    /** Whether a signature made with {@code alg} may be checked with this key. */
    public boolean fits(JWSAlgorithm alg) {
        if (algorithm != null && !algorithm.equals(alg)) {
            return false;
        }
        if (curve == null) {
            return JWSAlgorithm.Family.RSA.contains(alg);
        }
        return alg.equals(algorithmOf(curve));
    }

    /** Whether {@code signature} over {@code signingInput} verifies; any failure is {@code false}. */
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        if (rsaKey != null && signature instanceof DecodedSignature decoded) {
            return verifyRsa(header.getAlgorithm(), signingInput, decoded.bytes());
        }
        try {
            return verifier.verify(header, signingInput, signature);
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }

    /**
     * RS* and PS* straight through the JCA, with one initialised {@link Signature} per thread and
     * algorithm: {@code getInstance} and {@code initVerify} on every call cost more than everything
     * else audguard adds to the RSA math. A {@code Signature} is back in its initialised state after
     * {@code verify} returns; after an exception it is dropped, never reused.
     */
    private boolean verifyRsa(JWSAlgorithm alg, byte[] signingInput, byte[] signature) {
        int index = RSA_ALGORITHMS.indexOf(alg);
        if (index < 0) {
            return false;
        }
        Signature[] perAlgorithm = signatures.get();
        Signature jca = perAlgorithm[index];
        try {
            if (jca == null) {
                jca = newRsaSignature(alg);
                jca.initVerify(rsaKey);
                perAlgorithm[index] = jca;
            }
            jca.update(signingInput);
            return jca.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            perAlgorithm[index] = null;
            return false;
        }
    }

    private static Signature newRsaSignature(JWSAlgorithm alg) throws GeneralSecurityException {
        String name = alg.getName();
        if (name.startsWith("RS")) {
            return Signature.getInstance("SHA" + name.substring(2) + "withRSA");
        }
        String digest = "SHA-" + name.substring(2);
        int saltLength = Integer.parseInt(name.substring(2)) / 8;
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), saltLength, 1));
        return pss;
    }

    @Override
    public String toString() {
        return "VerificationKey{kid=" + keyId + ", " + (curve == null ? "RSA" : "EC " + curve) + '}';
    }
}
