package dev.audguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.internal.JwksParser;

import java.text.ParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes the JWKS parser ({@link JwksParser}, which reads fetched key sets, {@code jwks(...)},
 * {@code jwksFile(...)} and PEM keys) directly and through {@link TokenValidator.Builder#jwks(String)}.
 *
 * <p>Input: a mode byte (bit 0: {@code parseAny} instead of {@code parseJwks}; bit 1: also build a
 * validator from the text), then the document.
 *
 * <p>Properties: the parser throws nothing but {@link JwksParser.InvalidKeysException}, with one
 * of its fixed texts; the builder nothing but {@link IllegalArgumentException} (the documented
 * configuration error), never quoting the document; it never keeps more keys than an independent
 * reading (Nimbus, RFC 7517/7518: a signing use, {@code key_ops} allowing {@code verify}, RSA of
 * 2048 bits or more counted on the unpadded modulus, EC on P-256/384/521, an {@code alg} that fits)
 * finds usable; each input within {@link Budget}.
 */
class JwksParserFuzzTest {
    static final Set<String> FIXED = Set.of("no keys array", "not a JSON object", "no usable keys",
            "neither a JWKS nor a JWK", "a private key was given where a public key is expected",
            "not a PEM public key or certificate",
            "the PEM key is not a usable RSA (2048 bits or more) or EC P-256/384/521 key");

    @FuzzTest
    void parse(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The entry point of the command-line campaign (fuzz/campaign.sh); the same checks as {@link #parse}. */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int mode = data[0] & 0xFF;
        String text = Inputs.text(Arrays.copyOfRange(data, 1, data.length));
        Budget.run("JwksParser", () -> check(text, (mode & 1) != 0, (mode & 2) != 0));
    }

    static void check(String text, boolean any, boolean build) {
        try {
            JwksParser.Parsed parsed = any ? JwksParser.parseAny(text) : JwksParser.parseJwks(text);
            if (parsed.keys().size() < 1) {
                throw new AssertionError("a parsed key set is empty");
            }
            if (!text.strip().startsWith("-----BEGIN")) {
                int expectedAtMost = Reference.usableKeys(text);
                if (parsed.keys().size() > expectedAtMost) {
                    throw new AssertionError("the parser kept " + parsed.keys().size() + " keys where RFC 7517/7518 allow "
                            + expectedAtMost + " for " + BearerTokensFuzzTest.escape(text));
                }
            }
        } catch (JwksParser.InvalidKeysException e) {
            // issue 15 item 6: a position and what was expected, never what was found
            if (!FIXED.contains(e.getMessage())
                    && !e.getMessage().matches("not valid JSON: line \\d+, column \\d+: expected [^']*('[^']{1,2}'[^']*)*")) {
                throw new AssertionError("the parser's message is not a fixed text: " + e.getMessage());
            }
        }
        if (build) {
            try {
                TokenValidator.builder().issuer("https://issuer.example").audience("fuzz").jwks(text).build();
            } catch (IllegalArgumentException e) {
                if (text.length() >= 16 && e.getMessage() != null && e.getMessage().contains(text)) {
                    throw new AssertionError("the configuration error quotes the whole document");
                }
            }
        }
    }

    /** RFC 7517 / 7518 read with Nimbus: an upper bound of the keys a verifier may use. */
    static final class Reference {
        private Reference() {
        }

        static int usableKeys(String text) {
            Map<String, Object> document;
            try {
                document = JSONObjectUtils.parse(text.strip());
            } catch (ParseException | RuntimeException e) {
                return 0;
            }
            List<?> entries = document.get("keys") instanceof List<?> list ? list
                    : document.containsKey("kty") ? List.of(document) : List.of();
            int usable = 0;
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> map && usable(map)) {
                    usable++;
                }
            }
            return usable;
        }

        @SuppressWarnings("unchecked")
        private static boolean usable(Map<?, ?> entry) {
            JWK jwk;
            try {
                jwk = JWK.parse((Map<String, Object>) entry);
            } catch (ParseException | RuntimeException e) {
                return false;
            }
            if (jwk.getKeyUse() != null && !"sig".equals(jwk.getKeyUse().identifier())) {
                return false;
            }
            // RFC 7517 section 4.3: key_ops, when present, must allow verifying
            Set<KeyOperation> ops = jwk.getKeyOperations();
            if (ops != null && !ops.contains(KeyOperation.VERIFY)) {
                return false;
            }
            JWSAlgorithm alg = jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
            if (jwk instanceof RSAKey rsa) {
                // RFC 7518 section 3.3: 2048 bits or more, counted on the integer, not on padded bytes
                return rsa.getModulus().decodeToBigInteger().bitLength() >= 2048
                        && (alg == null || JWSAlgorithm.Family.RSA.contains(alg));
            }
            if (jwk instanceof ECKey ec) {
                Curve curve = ec.getCurve();
                JWSAlgorithm fits = Curve.P_256.equals(curve) ? JWSAlgorithm.ES256
                        : Curve.P_384.equals(curve) ? JWSAlgorithm.ES384 : Curve.P_521.equals(curve) ? JWSAlgorithm.ES512 : null;
                return fits != null && (alg == null || alg.equals(fits));
            }
            return false;
        }
    }
}
