package dev.audguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes {@link TokenValidator#validate(String)} with static keys.
 *
 * <p>Input: a mode byte, then
 * <ul>
 *   <li>mode 0 (even): the token text itself (the committed hostile-token catalogue and Keycloak-shaped
 *       tokens are such seeds);</li>
 *   <li>mode 1 (odd): fields separated by {@code 0xFF}: the header JSON, the payload JSON and
 *       operation bytes. The target encodes header and payload as given, signs them for real
 *       (the algorithm the header names, with a trusted key, the attacker's key or a key of the
 *       other type, chosen by the first operation byte) and then bends the signature bytes and the
 *       segments as the other operation bytes say. Header, payload, segments and signature so vary
 *       independently, and a mutated token can still get past the signature to the claim checks.</li>
 * </ul>
 * The second bit of the mode byte picks the validator: the default one (verified-token cache on) or
 * a strict one (access-token type, {@code azp}, a required scope; cache off).
 *
 * <p>Properties: only {@link TokenValidationException} escapes, with a fixed text that never holds
 * the token; a token accepted is canonical unpadded base64url in every part, verifies with Nimbus
 * directly against one of the trusted keys and carries the configured issuer and audience, a
 * current {@code exp} and a subject (and, for the strict validator, header {@code typ at+jwt},
 * {@code azp} and the scope); accepting it again (the cache) gives the same answer; each input
 * within {@link Budget}.
 */
class TokenValidatorFuzzTest {
    private static final Fixture FIXTURE = Fixture.load();
    private static final Clock CLOCK = Clock.fixed(FIXTURE.now, ZoneOffset.UTC);
    private static final TokenValidator DEFAULT = TokenValidator.builder()
            .issuer(FIXTURE.issuer)
            .audience(Fixture.AUDIENCE)
            .jwks(FIXTURE.trustedJwks())
            .clock(CLOCK)
            .build();
    private static final String STRICT_SCOPE = "profile";
    private static final TokenValidator STRICT = TokenValidator.builder()
            .issuer(FIXTURE.issuer)
            .audience(Fixture.AUDIENCE)
            .jwks(FIXTURE.trustedJwks())
            .clock(CLOCK)
            .requireAccessTokenType()
            .authorizedParties(Fixture.AUTHORIZED_PARTY)
            .requiredScopes(STRICT_SCOPE)
            .disableVerifiedTokenCache()
            .build();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    @FuzzTest(maxDuration = "12s")
    void validate(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The entry point of the command-line campaign (fuzz/campaign.sh); the same checks as {@link #validate}. */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        String token = tokenOf(data);
        boolean strict = isStrict(data);
        Budget.run("TokenValidator", () -> check(validatorFor(data), strict, token));
    }

    /** The token an input stands for (inputs are never empty). */
    static String tokenOf(byte[] data) {
        return (data[0] & 1) == 0 ? Inputs.text(Arrays.copyOfRange(data, 1, data.length)) : structured(data);
    }

    static boolean isStrict(byte[] data) {
        return (data[0] & 2) != 0;
    }

    static TokenValidator validatorFor(byte[] data) {
        return isStrict(data) ? STRICT : DEFAULT;
    }

    static void check(TokenValidator validator, boolean strict, String token) {
        VerifiedToken verified;
        try {
            verified = validator.validate(token);
        } catch (TokenValidationException e) {
            FixedTexts.assertFixed(e);
            if (e.reason() == Reason.INVALID_REQUEST || e.reason() == Reason.KEYS_UNAVAILABLE) {
                throw new AssertionError("static keys refused a token with " + e.reason().code());
            }
            return;
        }
        if (OpenFindings.B64_HEADER_IGNORED && Reference.headerNamesB64(token)) {
            return;
        }
        Reference.assertAcceptable(token, strict);
        if (!verified.issuer().equals(FIXTURE.issuer) || !verified.audiences().contains(Fixture.AUDIENCE)) {
            throw new AssertionError("accepted token reports issuer or audience other than configured");
        }
        if (!verified.rawToken().equals(token)) {
            throw new AssertionError("accepted token reports another raw token");
        }
        VerifiedToken again = validator.validate(token);
        if (!again.issuer().equals(verified.issuer()) || !again.audiences().equals(verified.audiences())) {
            throw new AssertionError("a second validation of the same token answered differently");
        }
    }

    /** Builds a really signed token from header JSON, payload JSON and operation bytes, then bends it. */
    static String structured(byte[] data) {
        List<byte[]> fields = Inputs.fields(data, 1, 3);
        byte[] header = fields.get(0);
        byte[] payload = fields.get(1);
        byte[] ops = fields.get(2);
        int keyChoice = op(ops, 0);
        int signatureOp = op(ops, 1);
        int parameter = op(ops, 2);
        int segmentOp = op(ops, 3);
        byte[] extra = ops.length > 4 ? Arrays.copyOfRange(ops, 4, ops.length) : new byte[0];

        String encodedHeader = B64URL.encodeToString(header);
        String encodedPayload = B64URL.encodeToString(payload);
        String signingInput = encodedHeader + "." + encodedPayload;
        byte[] signature = sign(algorithmOf(header), keyChoice, signingInput.getBytes(StandardCharsets.US_ASCII));

        switch (signatureOp % 8) {
            case 1 -> {
                if (signature.length > 0) {
                    int bit = parameter % (signature.length * 8);
                    signature[bit / 8] ^= (byte) (1 << (bit % 8));
                }
            }
            case 2 -> signature = Arrays.copyOf(signature, signature.length == 0 ? 0 : parameter % signature.length);
            case 3 -> {
                byte[] longer = Arrays.copyOf(signature, signature.length + extra.length);
                System.arraycopy(extra, 0, longer, signature.length, extra.length);
                signature = longer;
            }
            case 4 -> signature = extra;
            case 5 -> signature = new byte[0];
            default -> {
            }
        }
        String encodedSignature = switch (signatureOp % 8) {
            case 6 -> Base64.getEncoder().encodeToString(signature);
            case 7 -> B64URL.encodeToString(signature) + "=";
            default -> B64URL.encodeToString(signature);
        };
        return switch (segmentOp % 6) {
            case 1 -> Base64.getUrlEncoder().encodeToString(header) + "." + encodedPayload + "." + encodedSignature;
            case 2 -> encodedHeader + "." + Base64.getUrlEncoder().encodeToString(payload) + "." + encodedSignature;
            case 3 -> signingInput + "." + encodedSignature + "." + B64URL.encodeToString(extra);
            case 4 -> Inputs.text(header) + "." + encodedPayload + "." + encodedSignature;
            case 5 -> B64URL.encodeToString(Inputs.text(header).strip().concat(" ").getBytes(StandardCharsets.UTF_8))
                    + "." + encodedPayload + "." + encodedSignature;
            default -> signingInput + "." + encodedSignature;
        };
    }

    private static int op(byte[] ops, int index) {
        return index < ops.length ? ops[index] & 0xFF : 0;
    }

    private static String algorithmOf(byte[] header) {
        try {
            Object alg = JSONObjectUtils.parse(new String(header, StandardCharsets.UTF_8)).get("alg");
            return alg instanceof String s ? s : "RS256";
        } catch (ParseException | RuntimeException e) {
            return "RS256";
        }
    }

    /** Key choice 0: the trusted key of the algorithm's type; 1: the attacker's RSA key; 2: the trusted key of the other type. */
    private static byte[] sign(String alg, int keyChoice, byte[] signingInput) {
        try {
            boolean ec = alg.startsWith("ES");
            PrivateKey key = switch (keyChoice % 3) {
                case 1 -> FIXTURE.attacker.toPrivateKey();
                case 2 -> ec ? FIXTURE.trustedRsa.toPrivateKey() : FIXTURE.trustedEc.toPrivateKey();
                default -> ec ? FIXTURE.trustedEc.toPrivateKey() : FIXTURE.trustedRsa.toPrivateKey();
            };
            if (alg.startsWith("HS")) {
                // the classic confusion: the trusted RSA public key's bytes as the HMAC secret
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(FIXTURE.trustedRsa.toPublicKey().getEncoded(), "HmacSHA256"));
                return mac.doFinal(signingInput);
            }
            String bits = alg.length() >= 5 ? alg.substring(2) : "256";
            if (!Set.of("256", "384", "512").contains(bits)) {
                bits = "256";
            }
            boolean keyIsEc = key.getAlgorithm().equals("EC");
            Signature signer;
            if (keyIsEc) {
                signer = Signature.getInstance("SHA" + bits + "withECDSA");
            } else if (alg.startsWith("PS")) {
                signer = Signature.getInstance("RSASSA-PSS");
                int bytes = Integer.parseInt(bits) / 8;
                signer.setParameter(new PSSParameterSpec("SHA-" + bits, "MGF1", new MGF1ParameterSpec("SHA-" + bits), bytes, 1));
            } else {
                signer = Signature.getInstance("SHA" + bits + "withRSA");
            }
            signer.initSign(key);
            signer.update(signingInput);
            byte[] signature = signer.sign();
            return keyIsEc ? ECDSA.transcodeSignatureToConcat(signature, 64) : signature;
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("the harness could not sign", e);
        }
    }

    /** What any correct validator must hold of a token it accepted, checked with Nimbus directly. */
    static final class Reference {
        private Reference() {
        }

        /** Finding 5: the header carries a {@code b64} parameter (RFC 7797). */
        static boolean headerNamesB64(String token) {
            try {
                String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                        StandardCharsets.UTF_8);
                return JSONObjectUtils.parse(header).containsKey("b64");
            } catch (ParseException | RuntimeException e) {
                return false;
            }
        }

        static void assertAcceptable(String token, boolean strict) {
            SignedJWT jwt;
            JWTClaimsSet claims;
            try {
                jwt = SignedJWT.parse(token);
                claims = jwt.getJWTClaimsSet();
            } catch (ParseException e) {
                throw new AssertionError("accepted a token Nimbus cannot parse");
            }
            for (String part : token.split("\\.", -1)) {
                // RFC 7515 section 2 / RFC 4648 section 3.5: one spelling per value, no stray pad bits
                byte[] decoded;
                try {
                    decoded = Base64.getUrlDecoder().decode(part);
                } catch (IllegalArgumentException e) {
                    throw new AssertionError("accepted a token with a part that is not base64url");
                }
                if (!B64URL.encodeToString(decoded).equals(part)) {
                    throw new AssertionError("accepted a token with a part that is not canonical base64url");
                }
            }
            JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
            if (!JWSAlgorithm.Family.RSA.contains(alg) && !JWSAlgorithm.Family.EC.contains(alg)) {
                throw new AssertionError("accepted a token with alg " + alg);
            }
            if (!verifiesWithATrustedKey(jwt)) {
                throw new AssertionError("accepted a token no trusted key verifies (alg " + alg + ")");
            }
            if (!FIXTURE.issuer.equals(claims.getIssuer())) {
                throw new AssertionError("accepted a token of another issuer");
            }
            if (claims.getAudience() == null || !claims.getAudience().contains(Fixture.AUDIENCE)) {
                throw new AssertionError("accepted a token without the configured audience");
            }
            // NumericDate read as a number: Nimbus' Date getters overflow past year 292 million
            double nowSeconds = FIXTURE.now.getEpochSecond();
            Map<String, Object> raw = jwt.getPayload().toJSONObject();
            if (!(raw.get("exp") instanceof Number exp)
                    || !(nowSeconds < exp.doubleValue() + Fixture.SKEW_SECONDS)) {
                throw new AssertionError("accepted a token without a current exp");
            }
            Object nbf = raw.get("nbf");
            if (nbf != null && (!(nbf instanceof Number n) || nowSeconds < n.doubleValue() - Fixture.SKEW_SECONDS)) {
                throw new AssertionError("accepted a token before its nbf");
            }
            if (claims.getSubject() == null) {
                throw new AssertionError("accepted a token without a subject");
            }
            Object typ = claims.getClaim("typ");
            if (typ != null && !"Bearer".equalsIgnoreCase(String.valueOf(typ))) {
                throw new AssertionError("accepted a token whose typ claim is " + typ);
            }
            if (strict) {
                Object headerType = jwt.getHeader().getType() == null ? null : jwt.getHeader().getType().getType();
                if (!"at+jwt".equalsIgnoreCase(String.valueOf(headerType))
                        && !"application/at+jwt".equalsIgnoreCase(String.valueOf(headerType))) {
                    throw new AssertionError("the strict validator accepted a token whose header typ is not at+jwt");
                }
                if (!Fixture.AUTHORIZED_PARTY.equals(claims.getClaim("azp"))) {
                    throw new AssertionError("the strict validator accepted a token of another azp");
                }
                Object scope = claims.getClaim("scope");
                Object scp = claims.getClaim("scp");
                boolean hasScope = (scope instanceof String s && Arrays.asList(s.split(" ")).contains(STRICT_SCOPE))
                        || (scp instanceof List<?> l && l.contains(STRICT_SCOPE))
                        || (scp instanceof String t && Arrays.asList(t.split(" ")).contains(STRICT_SCOPE));
                if (!hasScope) {
                    throw new AssertionError("the strict validator accepted a token without the required scope");
                }
            }
        }

        private static boolean verifiesWithATrustedKey(SignedJWT jwt) {
            String kid = jwt.getHeader().getKeyID();
            for (JWK key : FIXTURE.trustedPublicKeys()) {
                if (kid != null && key.getKeyID() != null && !kid.equals(key.getKeyID())) {
                    continue;
                }
                try {
                    JWSVerifier verifier;
                    if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(jwt.getHeader().getAlgorithm())) {
                        verifier = new RSASSAVerifier(rsa);
                    } else if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(jwt.getHeader().getAlgorithm())) {
                        verifier = new ECDSAVerifier(ec);
                    } else {
                        continue;
                    }
                    if (jwt.verify(verifier)) {
                        return true;
                    }
                } catch (JOSEException | IllegalStateException e) {
                    // this key cannot verify this token; try the next
                }
            }
            return false;
        }
    }
}
