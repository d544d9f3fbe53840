package dev.audguard.core;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static dev.audguard.core.TestTokens.AUDIENCE;
import static dev.audguard.core.TestTokens.ISSUER;
import static dev.audguard.core.TestTokens.valid;
import static dev.audguard.core.TokenValidatorTest.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ES256/384/512 signatures, verified in their JWS form (r then s) through the JCA: every curve
 * verifies, and every other spelling of a signature fails as {@code bad_signature}. JDK 17.0.3 and
 * later refuse zero and out-of-range scalars themselves; audguard checks them before the JCA for the
 * JDKs that did not (CVE-2022-21449), so these tests pin the outcome on whatever JDK runs them.
 */
class EcSignaturesTest {
    private static final ECKey P256 = TestKeys.EC;
    private static final ECKey P384 = TestKeys.ec("ec-384", Curve.P_384);
    private static final ECKey P521 = TestKeys.ec("ec-521", Curve.P_521);
    private final MutableClock clock = MutableClock.atDefaultStart();
    private final TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock)
            .jwks(TestKeys.jwks(P256, P384, P521)).build();

    @Test
    void everyCurveVerifiesRepeatedlyOnOneThread() {
        for (ECKey key : List.of(P256, P384, P521)) {
            for (int i = 0; i < 3; i++) {
                // a new token each time: the verdict cache must not answer, the per-thread verifier must
                String token = valid(clock).claim("jti", key.getKeyID() + i).signedBy(key).sign();
                assertThat(validator.validate(token).subject()).as(key.getCurve().getName()).isPresent();
            }
        }
    }

    @Test
    void aRefusedSignatureLeavesTheNextOneVerifiable() {
        String good = valid(clock).signedBy(P256).sign();
        String tampered = withSignature(good, flipLastBit(signatureOf(good)));

        assertThat(reasonOf(() -> validator.validate(tampered))).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(validator.validate(good)).isNotNull();
    }

    @Test
    void aSignatureOfTheWrongLengthIsRefusedEvenWhenItsNumbersAreRight() {
        // r and s each with a leading zero byte: the same two numbers, 66 bytes instead of the 64 ES256 has
        String good = valid(clock).signedBy(P256).sign();
        byte[] signature = signatureOf(good);
        byte[] padded = new byte[66];
        System.arraycopy(signature, 0, padded, 1, 32);
        System.arraycopy(signature, 32, padded, 34, 32);

        assertThat(reasonOf(() -> validator.validate(withSignature(good, padded)))).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(reasonOf(() -> validator.validate(withSignature(good, Arrays.copyOf(signature, 63)))))
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void zeroOrOutOfRangeScalarsAreRefused() throws Exception {
        String good = valid(clock).signedBy(P256).sign();
        byte[] signature = signatureOf(good);
        byte[] order = unsigned(P256.toECPublicKey().getParams().getOrder(), 32);

        byte[] zeros = new byte[64];
        byte[] zeroS = Arrays.copyOf(signature, 64);
        Arrays.fill(zeroS, 32, 64, (byte) 0);
        byte[] rIsOrder = Arrays.copyOf(signature, 64);
        System.arraycopy(order, 0, rIsOrder, 0, 32);
        byte[] sIsOrder = Arrays.copyOf(signature, 64);
        System.arraycopy(order, 0, sIsOrder, 32, 32);

        for (byte[] bad : List.of(zeros, zeroS, rIsOrder, sIsOrder)) {
            assertThat(reasonOf(() -> validator.validate(withSignature(good, bad)))).isEqualTo(Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void aSignatureMadeOnAnotherCurveIsRefused() {
        // an ES384 signature under the P-256 key's kid: the algorithm is not the key's curve's
        String es384 = valid(clock).signedBy(P384).header("kid", P256.getKeyID()).sign();

        assertThat(reasonOf(() -> validator.validate(es384))).isIn(Reason.UNSUPPORTED_ALGORITHM, Reason.UNKNOWN_KEY);
    }

    @Test
    void aPublishedPointOffItsCurveIsNeverAVerificationKey() {
        // the issuer's key with y changed by one: the point is no longer on P-256
        byte[] y = P256.getY().decode();
        y[y.length - 1] ^= 1;
        String offCurve = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + P256.getKeyID()
                + "\",\"x\":\"" + P256.getX() + "\",\"y\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(y) + "\"}]}";

        assertThatThrownBy(() -> TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).jwks(offCurve).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] signatureOf(String token) {
        return Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
    }

    private static String withSignature(String token, byte[] signature) {
        return token.substring(0, token.lastIndexOf('.') + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static byte[] flipLastBit(byte[] signature) {
        byte[] copy = signature.clone();
        copy[copy.length - 1] ^= 1;
        return copy;
    }

    private static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        return Arrays.copyOfRange(bytes, bytes.length - length, bytes.length);
    }
}
