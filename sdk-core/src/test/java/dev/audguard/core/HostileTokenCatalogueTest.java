package dev.audguard.core;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.audguard.core.TestTokens.AUDIENCE;
import static dev.audguard.core.TestTokens.ISSUER;
import static dev.audguard.core.TestTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every attack we know of, each pinned to the exact reason it is refused for. A case that starts
 * passing, or fails for another reason, means a check was removed or moved.
 */
class HostileTokenCatalogueTest {
    private static final MutableClock CLOCK = MutableClock.atDefaultStart();
    /** Published, but a 1024-bit modulus zero-padded to look like 2048 bits: never usable. */
    private static final RSAKey PADDED_WEAK = TestKeys.zeroPaddedRsa("weak-padded", 1024);
    /** Published with {@code key_ops: ["encrypt"]} and no {@code use}: never usable for signatures. */
    private static final RSAKey ENCRYPT_OPS = new RSAKey.Builder(TestKeys.RSA_2).keyID("encrypt-ops").keyUse(null)
            .keyOperations(Set.of(KeyOperation.ENCRYPT)).build();
    private static final TokenValidator VALIDATOR = TokenValidator.builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .jwks(TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_2, TestKeys.EC, PADDED_WEAK, ENCRYPT_OPS))
            .clock(CLOCK)
            .disableVerifiedTokenCache()
            .build();

    record Case(String name, Function<MutableClock, String> token, Reason expected) {
        @Override
        public String toString() {
            return name + " -> " + expected.code();
        }
    }

    static Case of(String name, Reason expected, Function<MutableClock, String> token) {
        return new Case(name, token, expected);
    }

    static Stream<Case> catalogue() {
        byte[] rsaPublicBytes = publicKeyBytes(TestKeys.RSA);
        JWK attackerPublic = TestKeys.ATTACKER.toPublicJWK();
        return Stream.of(
                // the algorithm is the attacker's first lever
                of("alg none", Reason.UNSUPPORTED_ALGORITHM, c -> valid(c).header("alg", "none").unsigned()),
                of("alg None", Reason.UNSUPPORTED_ALGORITHM, c -> valid(c).header("alg", "None").unsigned()),
                of("alg NONE", Reason.UNSUPPORTED_ALGORITHM, c -> valid(c).header("alg", "NONE").unsigned()),
                of("alg nOnE", Reason.UNSUPPORTED_ALGORITHM, c -> valid(c).header("alg", "nOnE").unsigned()),
                of("alg none with a signature", Reason.UNSUPPORTED_ALGORITHM,
                        c -> valid(c).header("alg", "none").unsigned() + "c2lnbmF0dXJl"),
                of("HS256 keyed with the RSA public key bytes", Reason.UNSUPPORTED_ALGORITHM,
                        c -> valid(c).header("alg", "HS256").hmacSecret(rsaPublicBytes).sign()),
                of("HS256 keyed with the public JWK text", Reason.UNSUPPORTED_ALGORITHM,
                        c -> valid(c).header("alg", "HS256")
                                .hmacSecret(TestKeys.RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)).sign()),
                of("HS512 keyed with the RSA public key bytes", Reason.UNSUPPORTED_ALGORITHM,
                        c -> valid(c).header("alg", "HS512").hmacSecret(pad(rsaPublicBytes, 64)).sign()),
                of("RS256 header on the EC key's kid", Reason.UNSUPPORTED_ALGORITHM,
                        c -> valid(c).signedBy(TestKeys.EC).header("alg", "RS256").signingKeyOnly(TestKeys.RSA).sign()),
                of("ES256 header on the RSA key's kid", Reason.UNSUPPORTED_ALGORITHM,
                        c -> valid(c).signedBy(TestKeys.EC).header("kid", TestKeys.RSA.getKeyID()).sign()),
                of("EdDSA", Reason.UNSUPPORTED_ALGORITHM, c -> valid(c).header("alg", "EdDSA").unsigned() + "c2ln"),
                of("alg missing", Reason.MALFORMED, c -> valid(c).withoutHeader("alg").unsigned() + "c2ln"),
                of("alg a number", Reason.MALFORMED, c -> valid(c).header("alg", 256).unsigned() + "c2ln"),
                of("alg lower-case rs256", Reason.UNSUPPORTED_ALGORITHM,
                        c -> valid(c).header("alg", "rs256").unsigned() + "c2ln"),

                // key selection
                of("unknown kid", Reason.UNKNOWN_KEY, c -> valid(c).header("kid", "no-such-key").sign()),
                of("missing kid while several keys fit", Reason.UNKNOWN_KEY, c -> valid(c).withoutHeader("kid").sign()),
                of("kid not a string", Reason.MALFORMED, c -> valid(c).header("kid", 1).sign()),
                of("embedded jwk of the attacker, attacker kid", Reason.UNKNOWN_KEY,
                        c -> valid(c).signedBy(TestKeys.ATTACKER).header("kid", "attacker")
                                .header("jwk", attackerPublic.toJSONObject()).sign()),
                of("embedded jwk of the attacker, issuer kid", Reason.BAD_SIGNATURE,
                        c -> valid(c).signedBy(TestKeys.ATTACKER).header("jwk", attackerPublic.toJSONObject()).sign()),
                of("jku pointing at the attacker", Reason.UNKNOWN_KEY,
                        c -> valid(c).signedBy(TestKeys.ATTACKER).header("kid", "attacker")
                                .header("jku", "https://attacker.example/jwks.json").sign()),
                of("x5u pointing at the attacker", Reason.BAD_SIGNATURE,
                        c -> valid(c).signedBy(TestKeys.ATTACKER).header("x5u", "https://attacker.example/cert.pem").sign()),
                of("signed by a rotated-out key", Reason.UNKNOWN_KEY,
                        c -> valid(c).signedBy(TestKeys.ATTACKER).header("kid", "rsa-0-retired").sign()),
                of("signed by the attacker under the issuer's kid", Reason.BAD_SIGNATURE,
                        c -> valid(c).signedBy(TestKeys.ATTACKER).sign()),
                of("payload changed after signing", Reason.BAD_SIGNATURE, c -> swapPayload(valid(c).sign(),
                        valid(c).claim("aud", "admin-api").unsigned())),
                of("signature of another token", Reason.BAD_SIGNATURE, c -> swapSignature(valid(c).sign(),
                        valid(c).claim("sub", "someone-else").sign())),
                of("signed by a published weak key whose modulus is zero-padded to 2048 bits", Reason.UNKNOWN_KEY,
                        c -> valid(c).signedBy(PADDED_WEAK).sign()),
                of("signed by a published key whose key_ops say encrypt", Reason.UNKNOWN_KEY,
                        c -> valid(c).signedBy(ENCRYPT_OPS).sign()),
                of("RS256 signature spelled with non-zero pad bits", Reason.MALFORMED,
                        c -> withPadBitsSet(valid(c).sign(), 2)),
                of("ES256 signature spelled with non-zero pad bits", Reason.MALFORMED,
                        c -> withPadBitsSet(valid(c).signedBy(TestKeys.EC).sign(), 2)),
                of("payload spelled with non-zero pad bits", Reason.MALFORMED,
                        c -> withPadBitsSet(endingMidQuantum(c), 1)),
                of("PS256 signature presented as RS256", Reason.BAD_SIGNATURE,
                        c -> valid(c).header("alg", "PS256").sign().replaceFirst("^[^.]+",
                                TestTokens.encode("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}"))),

                // structure
                of("unknown crit", Reason.MALFORMED, c -> valid(c).header("crit", List.of("exp")).header("exp", 1).sign()),
                of("crit b64 false", Reason.MALFORMED, c -> valid(c).header("crit", List.of("b64")).header("b64", false).sign()),
                of("JWE", Reason.MALFORMED, c -> TestTokens.encode("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}")
                        + ".ZW5jcnlwdGVka2V5.aXZpdml2aXY.Y2lwaGVydGV4dA.dGFndGFn"),
                of("JWE header in three parts", Reason.MALFORMED, c -> valid(c).header("enc", "A256GCM").sign()),
                of("nested token (cty JWT)", Reason.MALFORMED, c -> valid(c).header("cty", "JWT").sign()),
                of("two parts", Reason.MALFORMED, c -> dropLastPart(valid(c).sign())),
                of("four parts", Reason.MALFORMED, c -> valid(c).sign() + ".ZXh0cmE"),
                of("empty signature", Reason.MALFORMED, c -> valid(c).unsigned()),
                of("empty string", Reason.MALFORMED, c -> ""),
                of("only dots", Reason.MALFORMED, c -> ".."),
                of("standard base64 in the header", Reason.MALFORMED, c -> "eyJhbGciOiJSUzI1NiJ9+/" + valid(c).sign().substring(valid(c).sign().indexOf('.'))),
                of("padding in the payload", Reason.MALFORMED, c -> valid(c).sign().replaceFirst("\\.", ".==")),
                of("bad character in the signature", Reason.MALFORMED, c -> valid(c).sign() + "!"),
                of("a non-ASCII character whose low byte is a base64url letter", Reason.MALFORMED,
                        c -> withNonAsciiInPayload(valid(c).sign())),
                of("whitespace inside", Reason.MALFORMED, c -> valid(c).sign().replaceFirst("\\.", ". ")),
                of("header not JSON", Reason.MALFORMED, c -> TestTokens.encode("not json") + dropFirstPart(valid(c).sign())),
                of("header a JSON array", Reason.MALFORMED, c -> TestTokens.encode("[\"RS256\"]") + dropFirstPart(valid(c).sign())),
                of("payload not JSON", Reason.MALFORMED, c -> swapPayload(valid(c).sign(), "x." + TestTokens.encode("not json") + ".")),
                of("payload a JSON array", Reason.MALFORMED, c -> swapPayload(valid(c).sign(), "x." + TestTokens.encode("[1,2]") + ".")),
                of("payload a JSON string", Reason.MALFORMED, c -> swapPayload(valid(c).sign(), "x." + TestTokens.encode("\"sub\"") + ".")),
                of("oversized", Reason.TOKEN_TOO_LARGE, c -> valid(c).claim("padding", "A".repeat(17 * 1024)).sign()),

                // time
                of("expired by skew + 1 s", Reason.EXPIRED, c -> valid(c).at("exp", c.instant().minusSeconds(61)).sign()),
                of("expired long ago", Reason.EXPIRED, c -> valid(c).claim("exp", 1).sign()),
                of("exp a string", Reason.INVALID_CLAIM, c -> valid(c).claim("exp", "2099-01-01").sign()),
                of("exp missing", Reason.MISSING_CLAIM, c -> valid(c).without("exp").sign()),
                of("nbf beyond skew", Reason.NOT_YET_VALID, c -> valid(c).at("nbf", c.instant().plusSeconds(61)).sign()),
                of("iat in the future", Reason.ISSUED_IN_FUTURE, c -> valid(c).at("iat", c.instant().plusSeconds(3600)).sign()),

                // issuer
                of("wrong issuer", Reason.UNTRUSTED_ISSUER, c -> valid(c).claim("iss", "https://evil.example/realms/demo").sign()),
                of("issuer with trailing slash", Reason.UNTRUSTED_ISSUER, c -> valid(c).claim("iss", ISSUER + "/").sign()),
                of("issuer in another case", Reason.UNTRUSTED_ISSUER, c -> valid(c).claim("iss", ISSUER.toUpperCase()).sign()),
                of("issuer missing", Reason.MISSING_CLAIM, c -> valid(c).without("iss").sign()),
                of("issuer a number", Reason.INVALID_CLAIM, c -> valid(c).claim("iss", 42).sign()),
                of("issuer an array", Reason.INVALID_CLAIM, c -> valid(c).claim("iss", List.of(ISSUER)).sign()),

                // audience
                of("aud missing", Reason.AUDIENCE_MISMATCH, c -> valid(c).without("aud").sign()),
                of("aud empty array", Reason.AUDIENCE_MISMATCH, c -> valid(c).claim("aud", List.of()).sign()),
                of("aud for another service", Reason.AUDIENCE_MISMATCH, c -> valid(c).claim("aud", "service-c").sign()),
                of("aud in another case", Reason.AUDIENCE_MISMATCH, c -> valid(c).claim("aud", "Orders-API").sign()),
                of("aud a prefix of ours", Reason.AUDIENCE_MISMATCH, c -> valid(c).claim("aud", AUDIENCE + "-v2").sign()),
                of("aud a number", Reason.INVALID_CLAIM, c -> valid(c).claim("aud", 7).sign()),
                of("aud array holding a number", Reason.INVALID_CLAIM, c -> valid(c).claim("aud", List.of(AUDIENCE, 7)).sign()),
                of("aud an object", Reason.INVALID_CLAIM, c -> valid(c).claim("aud", Map.of("aud", AUDIENCE)).sign()),

                // token type
                of("Keycloak ID token", Reason.WRONG_TOKEN_TYPE, c -> valid(c).claim("typ", "ID").sign()),
                of("Keycloak refresh token", Reason.WRONG_TOKEN_TYPE, c -> valid(c).claim("typ", "Refresh").sign()),
                of("Keycloak offline token", Reason.WRONG_TOKEN_TYPE, c -> valid(c).claim("typ", "Offline").sign()),
                of("typ claim a number", Reason.INVALID_CLAIM, c -> valid(c).claim("typ", 1).sign()),
                of("header typ dpop+jwt", Reason.WRONG_TOKEN_TYPE, c -> valid(c).header("typ", "dpop+jwt").sign()),
                of("header typ logout+jwt", Reason.WRONG_TOKEN_TYPE, c -> valid(c).header("typ", "logout+jwt").sign()),

                // subject and other claims
                of("sub missing", Reason.MISSING_CLAIM, c -> valid(c).without("sub").sign()),
                of("sub a number", Reason.INVALID_CLAIM, c -> valid(c).claim("sub", 1).sign()),
                of("duplicate iss", Reason.MALFORMED, c -> swapPayloadSigned(c, "{\"iss\":\"" + ISSUER + "\",\"iss\":\"https://evil\","
                        + "\"aud\":\"" + AUDIENCE + "\",\"sub\":\"x\",\"exp\":" + (c.instant().getEpochSecond() + 60) + "}")),
                of("duplicate sub", Reason.MALFORMED, c -> swapPayloadSigned(c, "{\"iss\":\"" + ISSUER + "\",\"sub\":\"a\",\"sub\":\"b\","
                        + "\"aud\":\"" + AUDIENCE + "\",\"exp\":" + (c.instant().getEpochSecond() + 60) + "}")),
                of("scope a number", Reason.INVALID_CLAIM, c -> valid(c).claim("scope", 5).sign()),
                of("azp a number", Reason.INVALID_CLAIM, c -> valid(c).claim("azp", 5).sign()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void refusesWithExactReason(Case hostile) {
        String token = hostile.token().apply(CLOCK);

        assertThatThrownBy(() -> VALIDATOR.validate(token))
                .isInstanceOfSatisfying(TokenValidationException.class,
                        e -> assertThat(e.reason()).as(hostile.name()).isEqualTo(hostile.expected()))
                .hasMessage(hostile.expected().description());
    }

    @Test
    void catalogueHoldsAtLeastFortyCases() {
        assertThat(catalogue().count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void theUnbentTokenPasses() {
        // Without this, every case above could pass because of a broken fixture.
        assertThat(VALIDATOR.validate(valid(CLOCK).sign()).subject()).isPresent();
        assertThat(VALIDATOR.validate(valid(CLOCK).signedBy(TestKeys.EC).sign()).issuer()).isEqualTo(ISSUER);
        assertThat(VALIDATOR.validate(valid(CLOCK).at("exp", CLOCK.instant().minusSeconds(59)).sign())).isNotNull();
        assertThat(VALIDATOR.validate(valid(CLOCK).signedBy(TestKeys.EC).withoutHeader("kid").sign())).isNotNull();
    }

    @Test
    void refusalMessagesNeverEchoTheToken() {
        catalogue().forEach(hostile -> {
            String token = hostile.token().apply(CLOCK);
            try {
                VALIDATOR.validate(token);
            } catch (TokenValidationException e) {
                assertThat(e.getMessage()).doesNotContain(token.isEmpty() ? "\u0000" : token.substring(0, Math.min(20, token.length())));
            }
        });
    }

    private static byte[] publicKeyBytes(JWK key) {
        try {
            return key.toRSAKey().toPublicKey().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pad(byte[] bytes, int min) {
        return bytes.length >= min ? bytes : java.util.Arrays.copyOf(bytes, min);
    }

    /** The first payload 'A' (or other letter) replaced by a character with the same low byte: U+0141 for 'A'. */
    private static String withNonAsciiInPayload(String token) {
        int payload = token.indexOf('.') + 1;
        int i = payload;
        while (token.charAt(i) < 'A' || token.charAt(i) > 'Z') {
            i++;
        }
        return token.substring(0, i) + (char) (0x0100 + token.charAt(i)) + token.substring(i + 1);
    }

    /**
     * {@code token} with the lowest unused bit of part {@code index}'s last character set: the same
     * bytes to the JDK decoder, another text. The part must end mid-quantum (the fixtures do: a
     * 256-byte or 64-byte signature leaves 4 unused bits).
     */
    static String withPadBitsSet(String token, int index) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String[] parts = token.split("\\.", -1);
        String part = parts[index];
        if (part.length() % 4 < 2) {
            throw new IllegalStateException("fixture: part " + index + " ends on a full quantum");
        }
        int value = alphabet.indexOf(part.charAt(part.length() - 1));
        parts[index] = part.substring(0, part.length() - 1) + alphabet.charAt(value | 1);
        return String.join(".", parts);
    }

    /** A valid token whose payload's encoding ends mid-quantum, so it has unused bits to set. */
    private static String endingMidQuantum(MutableClock c) {
        for (int n = 0; ; n++) {
            String token = valid(c).claim("pad", "x".repeat(n)).sign();
            if (token.split("\\.")[1].length() % 4 >= 2) {
                return token;
            }
        }
    }

    private static String dropLastPart(String token) {
        return token.substring(0, token.lastIndexOf('.'));
    }

    private static String dropFirstPart(String token) {
        return token.substring(token.indexOf('.'));
    }

    /** {@code token} with the payload of {@code other}, keeping {@code token}'s header and signature. */
    private static String swapPayload(String token, String other) {
        String[] a = token.split("\\.", -1);
        String[] b = other.split("\\.", -1);
        return a[0] + "." + b[1] + "." + a[2];
    }

    private static String swapSignature(String token, String other) {
        return dropLastPart(token) + other.substring(other.lastIndexOf('.'));
    }

    /** A correctly signed token whose payload is exactly {@code json}. */
    private static String swapPayloadSigned(MutableClock c, String json) {
        String header = TestTokens.encode("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}");
        String input = header + "." + Base64URL.encode(json.getBytes(StandardCharsets.UTF_8));
        try {
            return input + "." + new com.nimbusds.jose.crypto.RSASSASigner(TestKeys.RSA)
                    .sign(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256).build(),
                            input.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
