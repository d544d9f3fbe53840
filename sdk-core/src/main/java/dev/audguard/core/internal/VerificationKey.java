package dev.audguard.core.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.RSAKey;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;

/**
 * One public key that can verify signatures, through the JCA. Not API.
 *
 * <p>A key fits an algorithm only by its type and curve, and by its own {@code alg} when the JWK
 * names one: the token never chooses how its key is used.
 *
 * <p>Thread-safe: the JCA verifiers are per thread.
 */
public final class VerificationKey {
    /** RSA keys shorter than this are refused, as RFC 7518 section 3.3 requires. */
    static final int MIN_RSA_BITS = 2048;

    private final String keyId;
    private final String thumbprint;
    private final JWSAlgorithm algorithm;
    private final Curve curve;
    /** The RSA public key, or {@code null} for EC keys. */
    private final RSAPublicKey rsaKey;
    /** The EC public key, or {@code null} for RSA keys. */
    private final ECPublicKey ecKey;
    /** For EC keys: the byte length of {@code r} and of {@code s} on the key's curve (RFC 7518 section 3.4). */
    private final int ecScalarLength;
    /**
     * Per thread: an initialised JCA verifier for each RSA algorithm ({@link #rsaIndex}), or in slot 0
     * the one for an EC key's curve, made on first use.
     */
    private final ThreadLocal<Signature[]> signatures;

    private VerificationKey(JWK jwk, JWSAlgorithm algorithm, Curve curve, PublicKey publicKey)
            throws JOSEException {
        this.rsaKey = publicKey instanceof RSAPublicKey rsa ? rsa : null;
        this.ecKey = publicKey instanceof ECPublicKey ec ? ec : null;
        this.ecScalarLength = ecKey == null ? 0 : (ecKey.getParams().getOrder().bitLength() + 7) / 8;
        this.signatures = ThreadLocal.withInitial(() -> new Signature[rsaKey != null ? 6 : 1]);
        this.keyId = jwk.getKeyID();
        this.thumbprint = jwk.computeThumbprint().toString();
        this.algorithm = algorithm;
        this.curve = curve;
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
            return Optional.of(new VerificationKey(jwk, alg, null, publicKey));
        }
        if (jwk instanceof ECKey ec) {
            Curve curve = ec.getCurve();
            JWSAlgorithm curveAlg = algorithmOf(curve);
            if (curveAlg == null || (alg != null && !alg.equals(curveAlg))) {
                return Optional.empty();
            }
            // Nimbus's ECKey refused a point that is not on its curve when the JWK was parsed
            return Optional.of(new VerificationKey(jwk, alg, curve, ec.toECPublicKey()));
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

    /**
     * Whether {@code signature} (decoded, in its JWS form) over {@code input[0, length)} verifies
     * with {@code alg}; any failure is {@code false}. The key must {@linkplain #fits fit} {@code alg}.
     */
    public boolean verify(JWSAlgorithm alg, byte[] input, int length, byte[] signature) {
        return rsaKey != null ? verifyRsa(alg, input, length, signature) : verifyEc(alg, input, length, signature);
    }

    /**
     * RS* and PS* straight through the JCA, with one verifier per thread and algorithm ({@link #verifyJca}).
     */
    private boolean verifyRsa(JWSAlgorithm alg, byte[] input, int length, byte[] signature) {
        int index = rsaIndex(alg.getName());
        return index >= 0 && verifyJca(index, alg, input, length, signature);
    }

    /** The slot of an RSA algorithm's verifier, or -1: a string switch, cheaper than comparing {@code JWSAlgorithm}s. */
    private static int rsaIndex(String alg) {
        return switch (alg) {
            case "RS256" -> 0;
            case "RS384" -> 1;
            case "RS512" -> 2;
            case "PS256" -> 3;
            case "PS384" -> 4;
            case "PS512" -> 5;
            default -> -1;
        };
    }

    /**
     * ES256/384/512 straight through the JCA as RSA is, in the JWS form itself (IEEE P1363, {@code r}
     * then {@code s}), so nothing is transcoded to DER. The checks Nimbus's verifier made stay: the
     * algorithm is the one of the key's curve, the signature has exactly the curve's length, and
     * {@code r} and {@code s} each lie in [1, n-1]: a signature of zeros must never verify, whatever
     * the JDK's own checks (CVE-2022-21449 was such a JDK).
     */
    private boolean verifyEc(JWSAlgorithm alg, byte[] input, int length, byte[] signature) {
        if (!alg.equals(algorithmOf(curve)) || signature.length != 2 * ecScalarLength
                || !inRange(signature, 0) || !inRange(signature, ecScalarLength)) {
            return false;
        }
        return verifyJca(0, alg, input, length, signature);
    }

    private boolean inRange(byte[] signature, int offset) {
        BigInteger scalar = new BigInteger(1, signature, offset, ecScalarLength);
        return scalar.signum() > 0 && scalar.compareTo(ecKey.getParams().getOrder()) < 0;
    }

    /**
     * Verifies with this thread's initialised {@link Signature} in {@code slot}, made on first use:
     * {@code getInstance} and {@code initVerify} on every call cost more than everything else audguard
     * adds to the RSA math. A {@code Signature} is back in its initialised state after {@code verify}
     * returns; after an exception it is dropped, never reused.
     */
    private boolean verifyJca(int slot, JWSAlgorithm alg, byte[] input, int length, byte[] signature) {
        Signature[] perSlot = signatures.get();
        Signature jca = perSlot[slot];
        try {
            if (jca == null) {
                jca = rsaKey != null ? newRsaSignature(alg) : Signature.getInstance(
                        "SHA" + alg.getName().substring(2) + "withECDSAinP1363Format");
                jca.initVerify(rsaKey != null ? rsaKey : ecKey);
                perSlot[slot] = jca;
            }
            jca.update(input, 0, length);
            return jca.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            perSlot[slot] = null;
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
