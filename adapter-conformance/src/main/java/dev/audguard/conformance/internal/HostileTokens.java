package dev.audguard.conformance.internal;

import dev.audguard.issuer.TokenMinter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The hostile-token catalogue: each case bends one thing of a token the service would otherwise
 * accept, and every one must be refused with 401 {@code invalid_token}. Not API. Thread-safe.
 */
public final class HostileTokens {

    /** What a case needs to bend a token. */
    public interface Context {
        /** A fresh minter for a token the service accepts (the kit's control case proves it). */
        TokenMinter base();

        /** The issuer's current time, read from a token it just minted. */
        Instant now();

        /** The largest clock skew the service allows. */
        Duration skew();

        /** The audience the service requires. */
        String audience();

        /** The realm's issuer URL. */
        String issuer();

        /** The realm's active key id. */
        String activeKeyId();

        /** The service's largest accepted token, in characters. */
        int maxTokenSize();

        /**
         * The private half of a key the kit published in the realm's JWKS exactly as given (before the
         * service's first key fetch), by the key id of {@link #publishedKeys()}.
         */
        default java.security.PrivateKey publishedKey(String name) {
            throw new IllegalStateException("this context published no keys: use the published-key cases only where keys were published");
        }

        /** The key id under which the key called {@code name} was published in this run. */
        default String publishedKeyId(String name) {
            throw new IllegalStateException("this context published no keys");
        }
    }

    /** Key id of a 1024-bit RSA key whose modulus is zero-padded to 256 bytes: its encoded length passes a naive 2048-bit check. */
    public static final String PADDED_WEAK_KID = "kit-padded-weak-rsa";
    /** Key id of an RSA key published with {@code key_ops: ["encrypt"]} and no {@code use}. */
    public static final String ENCRYPT_ONLY_KID = "kit-key-ops-encrypt";

    /**
     * The keys the published-key cases sign with: a fresh key pair each, and the JWK (public half)
     * as the realm must serve it verbatim.
     */
    public static Map<String, java.util.Map.Entry<java.security.PrivateKey, Map<String, Object>>> publishedKeys() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            java.security.KeyPair weak = generator.generateKeyPair();
            generator.initialize(2048);
            java.security.KeyPair encryptOnly = generator.generateKeyPair();
            String run = Long.toHexString(System.nanoTime());
            Map<String, Object> weakJwk = new java.util.LinkedHashMap<>(Map.of("kty", "RSA", "kid", PADDED_WEAK_KID + "-" + run,
                    "use", "sig", "alg", "RS256", "e", "AQAB"));
            weakJwk.put("n", base64Url(unsigned(((java.security.interfaces.RSAPublicKey) weak.getPublic()).getModulus(), 256)));
            Map<String, Object> encryptJwk = new java.util.LinkedHashMap<>(Map.of("kty", "RSA", "kid", ENCRYPT_ONLY_KID + "-" + run,
                    "alg", "RS256", "e", "AQAB", "key_ops", List.of("encrypt")));
            encryptJwk.put("n", base64Url(unsigned(((java.security.interfaces.RSAPublicKey) encryptOnly.getPublic()).getModulus(), 256)));
            return Map.of(PADDED_WEAK_KID, Map.entry(weak.getPrivate(), weakJwk),
                    ENCRYPT_ONLY_KID, Map.entry(encryptOnly.getPrivate(), encryptJwk));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /** The cases that sign with {@link #publishedKeys()}: only for a run that may publish keys in the realm. */
    public static List<Hostile> publishedKeyCases() {
        return List.of(
                of("signed by a published 1024-bit RSA key zero-padded to 2048 bits",
                        // Nimbus will not sign with a key under 2048 bits: the JCA does
                        c -> resigned(c.base().sign(), c.publishedKeyId(PADDED_WEAK_KID), c.publishedKey(PADDED_WEAK_KID))),
                of("signed by a published key whose key_ops is [\"encrypt\"] without use",
                        c -> c.base().signedWith(c.publishedKey(ENCRYPT_ONLY_KID), "RS256").keyId(c.publishedKeyId(ENCRYPT_ONLY_KID)).sign()));
    }

    /** {@code token} with its header's {@code kid} replaced and signed RS256 by {@code key}, through the JCA. */
    static String resigned(String token, String kid, java.security.PrivateKey key) {
        try {
            String[] parts = token.split("\\.");
            Map<String, Object> header = com.nimbusds.jose.util.JSONObjectUtils.parse(
                    new String(java.util.Base64.getUrlDecoder().decode(parts[0]), java.nio.charset.StandardCharsets.UTF_8));
            header.put("kid", kid);
            header.put("alg", "RS256");
            String input = base64Url(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(header)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[1];
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return input + "." + base64Url(rsa.sign());
        } catch (java.text.ParseException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot re-sign the control token", e);
        }
    }

    /** {@code value} big-endian in exactly {@code length} bytes, zero-padded on the left. */
    private static byte[] unsigned(java.math.BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        int start = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        byte[] out = new byte[length];
        System.arraycopy(raw, start, out, length - (raw.length - start), raw.length - start);
        return out;
    }

    private static String base64Url(byte[] bytes) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * One case.
     *
     * @param name what is wrong with the token
     * @param token mints it
     */
    public record Hostile(String name, Function<Context, String> token) {
        /** Checks the values. */
        public Hostile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(token, "token");
        }
    }

    private HostileTokens() {
    }

    /** Every case, in a stable order. */
    public static List<Hostile> catalogue() {
        return List.of(
                // the algorithm is the attacker's first lever
                of("alg none", c -> c.base().algNone("none").sign()),
                of("alg None", c -> c.base().algNone("None").sign()),
                of("alg NONE", c -> c.base().algNone("NONE").sign()),
                of("alg nOnE", c -> c.base().algNone("nOnE").sign()),
                of("alg none with a signature appended", c -> c.base().algNone("none").sign() + "c2lnbmF0dXJl"),
                of("HS256 keyed with the realm's public key (PEM)",
                        c -> c.base().hs256WithPublicKey(TokenMinter.PublicKeyBytes.PEM).sign()),
                of("HS256 keyed with the realm's public key (DER)",
                        c -> c.base().hs256WithPublicKey(TokenMinter.PublicKeyBytes.DER).sign()),
                of("HS256 keyed with the realm's public key (JWK JSON)",
                        c -> c.base().hs256WithPublicKey(TokenMinter.PublicKeyBytes.JWK_JSON).sign()),
                of("RS256 header over an EC signature", c -> c.base().rs256HeaderOverEcKey().sign()),

                // keys
                of("unknown kid", c -> c.base().keyId("no-such-key-" + c.activeKeyId()).sign()),
                of("signed by an unknown key with its own kid", c -> c.base().signedWithUnknownKey().sign()),
                of("signed by an unknown key under the realm's kid",
                        c -> c.base().signedWithUnknownKey().keyId(c.activeKeyId()).sign()),
                of("embedded jwk of the attacker", c -> c.base().embeddedJwk().sign()),
                of("embedded jwk of the attacker under the realm's kid",
                        c -> c.base().embeddedJwk().keyId(c.activeKeyId()).sign()),
                of("jku pointing at the attacker's JWKS", c -> c.base().jku().sign()),
                of("jku pointing at the attacker's JWKS under the realm's kid",
                        c -> c.base().jku().keyId(c.activeKeyId()).sign()),
                of("x5u pointing at the attacker", c -> c.base().x5u().sign()),
                of("payload changed after signing", c -> withPayloadOf(c.base().sign(),
                        c.base().audience(c.audience(), "admin-api").claim("scope", "admin").sign())),
                of("signature of another token", c -> withSignatureOf(c.base().sign(),
                        c.base().subjectId("someone-else").sign())),

                // structure
                of("unknown crit header", c -> c.base().critical("urn:example:unknown").sign()),
                of("JWE-shaped (five parts)", c -> Json.base64Url("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\",\"kid\":\""
                        + c.activeKeyId() + "\"}") + ".ZW5jcnlwdGVka2V5.aXZpdml2aXY.Y2lwaGVydGV4dA.dGFndGFn"),
                of("two parts", c -> dropLastPart(c.base().sign())),
                of("four parts", c -> c.base().sign() + ".ZXh0cmE"),
                of("one part", c -> firstPart(c.base().sign())),
                of("empty signature", c -> dropLastPart(c.base().sign()) + "."),
                of("only dots", c -> ".."),
                of("standard base64 '+' in the payload", c -> {
                    String[] p = c.base().sign().split("\\.");
                    return p[0] + "." + p[1].charAt(0) + "+" + p[1].substring(1) + "." + p[2];
                }),
                of("padding after the signature", c -> c.base().sign() + "=="),
                // the JDK decoder ignores a last character's unused bits: 16 spellings of one RS256 signature
                of("signature spelled with non-zero pad bits", c -> withPadBitsSet(c.base().sign(), 2)),
                of("payload spelled with non-zero pad bits", c -> withPadBitsSet(endingMidQuantum(c), 1)),
                of("header not JSON", c -> Json.base64Url("not json") + dropFirstPart(c.base().sign())),
                of("payload not JSON", c -> {
                    String[] p = c.base().sign().split("\\.");
                    return p[0] + "." + Json.base64Url("not json") + "." + p[2];
                }),
                of("header a JSON array", c -> Json.base64Url("[\"RS256\"]") + dropFirstPart(c.base().sign())),

                // time
                of("expired beyond the clock skew", c -> c.base()
                        .issuedAt(c.now().minus(c.skew()).minusSeconds(600))
                        .expiresAt(c.now().minus(c.skew()).minusSeconds(60)).sign()),
                of("no expiry", c -> c.base().withoutExpiry().sign()),
                of("not valid before a time beyond the clock skew",
                        c -> c.base().notBefore(c.now().plus(c.skew()).plusSeconds(60)).sign()),
                of("issued in the future beyond the clock skew", c -> c.base()
                        .issuedAt(c.now().plus(c.skew()).plusSeconds(60))
                        .expiresAt(c.now().plus(c.skew()).plusSeconds(900)).sign()),

                // issuer
                of("wrong issuer", c -> c.base().issuer("https://evil.example/realms/demo").sign()),
                of("issuer with a trailing slash", c -> c.base().issuer(c.issuer() + "/").sign()),
                of("issuer in upper case", c -> c.base().issuer(c.issuer().toUpperCase(Locale.ROOT)).sign()),
                of("no issuer", c -> c.base().withoutIssuer().sign()),
                of("issuer an array", c -> c.base().claim("iss", List.of(c.issuer())).sign()),

                // audience
                of("aud missing", c -> c.base().withoutAudience().sign()),
                of("aud an empty array", c -> c.base().audienceClaim(List.of()).sign()),
                of("aud of another service", c -> c.base().audience("another-service").sign()),
                of("aud in another case", c -> c.base().audience(otherCase(c.audience())).sign()),
                of("aud with a suffix", c -> c.base().audience(c.audience() + "-v2").sign()),
                of("aud with a prefix", c -> c.base().audience("x" + c.audience()).sign()),
                of("aud a number", c -> c.base().audienceClaim(42).sign()),
                of("aud an array holding a number", c -> c.base().audienceClaim(List.of(c.audience(), 7)).sign()),
                of("aud an object", c -> c.base().audienceClaim(Map.of("aud", c.audience())).sign()),

                // token type and subject
                of("Keycloak ID token (typ ID)", c -> c.base().type("ID").sign()),
                of("Keycloak refresh token (typ Refresh)", c -> c.base().type("Refresh").sign()),
                of("Keycloak offline token (typ Offline)", c -> c.base().type("Offline").sign()),
                of("header typ dpop+jwt", c -> c.base().headerType("dpop+jwt").sign()),
                of("no subject", c -> c.base().withoutClaim("sub").sign()),
                of("subject a number", c -> c.base().claim("sub", 1).sign()));
    }

    /** A token longer than the service accepts, otherwise valid. */
    public static String oversized(Context c) {
        return c.base().claim("padding", "A".repeat(c.maxTokenSize())).sign();
    }

    private static Hostile of(String name, Function<Context, String> token) {
        return new Hostile(name, token);
    }

    /** The audience with its letters' case flipped: never equal, always "the same" to a careless comparison. */
    static String otherCase(String audience) {
        StringBuilder out = new StringBuilder(audience.length());
        boolean changed = false;
        for (int i = 0; i < audience.length(); i++) {
            char ch = audience.charAt(i);
            char flipped = Character.isUpperCase(ch) ? Character.toLowerCase(ch) : Character.toUpperCase(ch);
            changed |= flipped != ch;
            out.append(flipped);
        }
        return changed ? out.toString() : audience + "-CASE";
    }

    /**
     * {@code token} with the lowest unused bit of part {@code index}'s last character set: the same
     * bytes to a lenient decoder, another text. The part must end mid-quantum (a 2048-bit RSA
     * signature does: 256 bytes leave 4 unused bits).
     */
    static String withPadBitsSet(String token, int index) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String[] parts = token.split("\\.", -1);
        String part = parts[index];
        if (part.length() % 4 < 2) {
            throw new IllegalStateException("part " + index + " ends on a full quantum: no unused bits to set");
        }
        int value = alphabet.indexOf(part.charAt(part.length() - 1));
        parts[index] = part.substring(0, part.length() - 1) + alphabet.charAt(value | 1);
        return String.join(".", parts);
    }

    /** A token the service accepts whose payload's encoding ends mid-quantum, so it has unused bits. */
    private static String endingMidQuantum(Context c) {
        for (int n = 0; ; n++) {
            String token = c.base().claim("pad", "x".repeat(n)).sign();
            if (token.split("\\.")[1].length() % 4 >= 2) {
                return token;
            }
        }
    }

    private static String dropLastPart(String token) {
        return token.substring(0, token.lastIndexOf('.'));
    }

    private static String firstPart(String token) {
        return token.substring(0, token.indexOf('.'));
    }

    private static String dropFirstPart(String token) {
        return token.substring(token.indexOf('.'));
    }

    private static String withPayloadOf(String token, String other) {
        String[] a = token.split("\\.", -1);
        String[] b = other.split("\\.", -1);
        return a[0] + "." + b[1] + "." + a[2];
    }

    private static String withSignatureOf(String token, String other) {
        return dropLastPart(token) + other.substring(other.lastIndexOf('.'));
    }
}
