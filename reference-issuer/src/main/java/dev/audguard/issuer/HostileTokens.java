package dev.audguard.issuer;

import dev.audguard.issuer.internal.Json;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The one catalogue of hostile tokens: each case bends one thing of a token the service would
 * otherwise accept, and every one must be refused. The conformance kit sends each to a running
 * service and expects {@code 401 invalid_token}; sdk-core's catalogue test hands each to a
 * validator and expects the exact {@link Hostile#code() refusal code}.
 *
 * <p>The codes are the stable snake_case codes of sdk-core's {@code Reason} ({@code malformed},
 * {@code unsupported_algorithm}, {@code unknown_key}, {@code bad_signature}, {@code expired},
 * {@code not_yet_valid}, {@code issued_in_future}, {@code untrusted_issuer},
 * {@code audience_mismatch}, {@code missing_claim}, {@code invalid_claim},
 * {@code wrong_token_type}, {@code token_too_large}), written as strings because this module never
 * depends on sdk-core: it is the independent oracle. A validator of another SDK may map them to its
 * own vocabulary.
 *
 * <pre>{@code
 * HostileTokens.Context context = ...;   // how to mint a token the service accepts, and its settings
 * for (HostileTokens.Hostile hostile : HostileTokens.catalogue()) {
 *     String token = hostile.token().apply(context);
 *     // send it; expect a refusal (with hostile.code(), for an in-process validator)
 * }
 * }</pre>
 *
 * <p>Four groups: {@link #catalogue()} needs only a minter for the realm; {@link #outsideBearerSyntax()}
 * are for in-process validators only, not for a {@code Authorization} header; {@link #publishedKeyCases()}
 * needs keys published in the realm with {@link #publish(RealmKeys)} before the service first fetches
 * its keys; {@link #oversized(Context)} is apart because an HTTP container may refuse it with
 * {@code 431} before the service sees it.
 *
 * <p>Stateless and thread-safe; each call mints fresh tokens through the context.
 */
public final class HostileTokens {

    /** The code of a token longer than the service accepts: {@link #oversized(Context)}. */
    public static final String TOKEN_TOO_LARGE = "token_too_large";

    /** What a case needs to bend a token. Implementations decide their own thread-safety. */
    public interface Context {
        /** A fresh minter for a token the service accepts, for the service's audience. */
        TokenMinter base();

        /** The issuer's current time (to the second is enough: time cases keep a margin of at least 1 s). */
        Instant now();

        /** The largest clock skew the service allows. */
        Duration skew();

        /** The audience the service requires. */
        String audience();

        /** The realm's issuer URL, the one the service trusts. */
        String issuer();

        /** The realm's active key id. */
        String activeKeyId();

        /** The service's largest accepted token, in characters. */
        int maxTokenSize();

        /**
         * The private half of a key {@link #publish(RealmKeys)} published in the realm's JWKS, by its
         * name in {@link #publishedKeys()}. Needed by {@link #publishedKeyCases()} only.
         *
         * @throws IllegalStateException by default: this context published no keys
         */
        default PrivateKey publishedKey(String name) {
            throw new IllegalStateException("this context published no keys: use the published-key cases only where keys were published");
        }

        /** The key id under which the key called {@code name} was published in this run. */
        default String publishedKeyId(String name) {
            throw new IllegalStateException("this context published no keys");
        }

        /** A key id that was the realm's and was retired before the service's first key fetch. */
        default String retiredKeyId() {
            throw new IllegalStateException("this context retired no key");
        }
    }

    /**
     * The {@link Context} of a realm of a running reference issuer, as the catalogue's own users
     * build it: the issuer URL, the active key and the time are the realm's (its issuer's clock);
     * the published-key methods answer from {@code published}, or, without it, throw as the
     * interface's defaults do.
     *
     * <pre>{@code
     * HostileTokens.Context context = new HostileTokens.RealmContext(demo, "service-b",
     *         () -> demo.mint().subject("alice").audience("service-b"), Duration.ofSeconds(60), 16 * 1024,
     *         HostileTokens.publish(demo.keys()));   // or null: no published-key cases
     * }</pre>
     *
     * <p>Immutable; thread-safe when {@code minter} is.
     *
     * @param realm the realm whose issuer the service trusts
     * @param audience the audience the service requires
     * @param minter a fresh minter for a token the service accepts, for {@code audience}; called once a token
     * @param skew the largest clock skew the service allows
     * @param maxTokenSize the service's largest accepted token, in characters
     * @param published what {@link #publish(RealmKeys)} did, or {@code null} when the run published no keys
     */
    public record RealmContext(RealmHandle realm, String audience, Supplier<TokenMinter> minter, Duration skew,
                               int maxTokenSize, Published published) implements Context {
        /** Checks the values. @throws IllegalArgumentException when {@code maxTokenSize} is not positive */
        public RealmContext {
            Objects.requireNonNull(realm, "realm");
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(minter, "minter");
            Objects.requireNonNull(skew, "skew");
            if (maxTokenSize <= 0) {
                throw new IllegalArgumentException("maxTokenSize must be positive");
            }
        }

        @Override
        public TokenMinter base() {
            return minter.get();
        }

        /** The realm's issuer's clock. */
        @Override
        public Instant now() {
            return realm.now();
        }

        @Override
        public String issuer() {
            return realm.issuerUrl();
        }

        @Override
        public String activeKeyId() {
            return realm.keys().activeKeyId();
        }

        @Override
        public PrivateKey publishedKey(String name) {
            return published == null ? Context.super.publishedKey(name) : published.privateKeys().get(name);
        }

        @Override
        public String publishedKeyId(String name) {
            return published == null ? Context.super.publishedKeyId(name) : published.keyIds().get(name);
        }

        @Override
        public String retiredKeyId() {
            return published == null ? Context.super.retiredKeyId() : published.retiredKeyId();
        }
    }

    /**
     * One case.
     *
     * @param name what is wrong with the token, unique in the catalogue
     * @param code the refusal code an in-process validator must give, one of sdk-core's {@code Reason} codes
     * @param token mints it
     */
    public record Hostile(String name, String code, Function<Context, String> token) {
        private static final Pattern CODE = Pattern.compile("[a-z]+(_[a-z]+)*");

        /** Checks the values. @throws IllegalArgumentException when the code is not snake_case */
        public Hostile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(token, "token");
            if (!CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("a refusal code is snake_case, such as bad_signature");
            }
        }

        @Override
        public String toString() {
            return name + " -> " + code;
        }
    }

    /**
     * What {@link #publish(RealmKeys)} did, for a {@link Context} to hand to the published-key cases.
     *
     * @param retiredKeyId the key that was active and is now retired
     * @param privateKeys the private halves by name ({@link #PADDED_WEAK_KID}, {@link #ENCRYPT_ONLY_KID})
     * @param keyIds the key ids they were published under, by name
     */
    public record Published(String retiredKeyId, Map<String, PrivateKey> privateKeys, Map<String, String> keyIds) {
        /** Copies the maps. */
        public Published {
            Objects.requireNonNull(retiredKeyId, "retiredKeyId");
            privateKeys = Map.copyOf(privateKeys);
            keyIds = Map.copyOf(keyIds);
        }

        @Override
        public String toString() {
            return "Published[retired=" + retiredKeyId + ", keys=" + keyIds.values() + "]";
        }
    }

    /** Name of a 1024-bit RSA key whose modulus is zero-padded to 256 bytes: its encoded length passes a naive 2048-bit check. */
    public static final String PADDED_WEAK_KID = "kit-padded-weak-rsa";
    /** Name of an RSA key published with {@code key_ops: ["encrypt"]} and no {@code use}. */
    public static final String ENCRYPT_ONLY_KID = "kit-key-ops-encrypt";

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String EVIL_ISSUER = "https://evil.example/realms/demo";

    private HostileTokens() {
    }

    /**
     * The keys the published-key cases sign with: by name, a fresh key pair each and the JWK (public
     * half) as the realm must serve it verbatim ({@link RealmKeys#publishVerbatim(Map)}). The key ids
     * carry a per-call suffix, so two runs against one realm do not collide.
     */
    public static Map<String, Map.Entry<PrivateKey, Map<String, Object>>> publishedKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            KeyPair weak = generator.generateKeyPair();
            generator.initialize(2048);
            KeyPair encryptOnly = generator.generateKeyPair();
            String run = Long.toHexString(System.nanoTime());
            Map<String, Object> weakJwk = new LinkedHashMap<>(Map.of("kty", "RSA", "kid", PADDED_WEAK_KID + "-" + run,
                    "use", "sig", "alg", "RS256", "e", "AQAB"));
            weakJwk.put("n", base64Url(unsigned(((RSAPublicKey) weak.getPublic()).getModulus(), 256)));
            Map<String, Object> encryptJwk = new LinkedHashMap<>(Map.of("kty", "RSA", "kid", ENCRYPT_ONLY_KID + "-" + run,
                    "alg", "RS256", "e", "AQAB", "key_ops", List.of("encrypt")));
            encryptJwk.put("n", base64Url(unsigned(((RSAPublicKey) encryptOnly.getPublic()).getModulus(), 256)));
            return Map.of(PADDED_WEAK_KID, Map.entry(weak.getPrivate(), weakJwk),
                    ENCRYPT_ONLY_KID, Map.entry(encryptOnly.getPrivate(), encryptJwk));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /**
     * Prepares a realm for {@link #publishedKeyCases()}: rotates its keys, retires the key that was
     * active, and publishes {@link #publishedKeys()} verbatim. Call it before the service first
     * fetches the realm's keys, so that each refusal is about the key, not about a stale cache.
     *
     * @return what a {@link Context} must answer for these cases
     */
    public static Published publish(RealmKeys keys) {
        String retired = keys.activeKeyId();
        keys.rotate();
        keys.retire(retired);
        Map<String, PrivateKey> privateKeys = new TreeMap<>();
        Map<String, String> keyIds = new TreeMap<>();
        publishedKeys().forEach((name, key) -> {
            keys.publishVerbatim(key.getValue());
            privateKeys.put(name, key.getKey());
            keyIds.put(name, String.valueOf(key.getValue().get("kid")));
        });
        return new Published(retired, privateKeys, keyIds);
    }

    /** The cases that need {@link #publish(RealmKeys)}: only for a run that may publish keys in the realm. */
    public static List<Hostile> publishedKeyCases() {
        return List.of(
                of("signed by a published 1024-bit RSA key zero-padded to 2048 bits", "unknown_key",
                        // Nimbus will not sign with a key under 2048 bits: the JCA does
                        c -> resigned(c.base().sign(), c.publishedKeyId(PADDED_WEAK_KID), c.publishedKey(PADDED_WEAK_KID))),
                of("signed by a published key whose key_ops is [\"encrypt\"] without use", "unknown_key",
                        c -> c.base().signedWith(c.publishedKey(ENCRYPT_ONLY_KID), "RS256").keyId(c.publishedKeyId(ENCRYPT_ONLY_KID)).sign()),
                of("signed by a retired key", "unknown_key", c -> c.base().signedWithKey(c.retiredKeyId()).sign()));
    }

    /** A token longer than the service accepts, otherwise valid: refused as {@link #TOKEN_TOO_LARGE}. */
    public static String oversized(Context c) {
        return c.base().claim("padding", "A".repeat(c.maxTokenSize())).sign();
    }

    /** Every case that needs no more than a minter for the realm, in a stable order. */
    public static List<Hostile> catalogue() {
        return List.of(
                // the algorithm is the attacker's first lever
                of("alg none", "unsupported_algorithm", c -> c.base().algNone("none").sign()),
                of("alg None", "unsupported_algorithm", c -> c.base().algNone("None").sign()),
                of("alg NONE", "unsupported_algorithm", c -> c.base().algNone("NONE").sign()),
                of("alg nOnE", "unsupported_algorithm", c -> c.base().algNone("nOnE").sign()),
                of("alg none with a signature appended", "unsupported_algorithm", c -> c.base().algNone("none").sign() + "c2lnbmF0dXJl"),
                of("HS256 keyed with the realm's public key (PEM)", "unsupported_algorithm",
                        c -> c.base().hs256WithPublicKey(TokenMinter.PublicKeyBytes.PEM).sign()),
                of("HS256 keyed with the realm's public key (DER)", "unsupported_algorithm",
                        c -> c.base().hs256WithPublicKey(TokenMinter.PublicKeyBytes.DER).sign()),
                of("HS256 keyed with the realm's public key (JWK JSON)", "unsupported_algorithm",
                        c -> c.base().hs256WithPublicKey(TokenMinter.PublicKeyBytes.JWK_JSON).sign()),
                of("HS512 keyed with the realm's public key (DER)", "unsupported_algorithm",
                        c -> c.base().hmacWithPublicKey(TokenMinter.PublicKeyBytes.DER, "HS512").sign()),
                of("RS256 header over an EC signature", "bad_signature", c -> c.base().rs256HeaderOverEcKey().sign()),
                of("ES256 header and signature under the realm's RSA kid", "unsupported_algorithm",
                        c -> c.base().signedWith(freshEcKey(), "ES256").keyId(c.activeKeyId()).sign()),
                of("alg EdDSA", "unsupported_algorithm", c -> c.base().algHeader("EdDSA").sign() + "c2ln"),
                of("alg lower-case rs256", "unsupported_algorithm", c -> c.base().algHeader("rs256").sign() + "c2ln"),
                of("alg missing", "malformed", c -> c.base().withoutAlgHeader().sign() + "c2ln"),
                of("alg a number", "malformed", c -> c.base().algHeader(256).sign() + "c2ln"),
                of("PS256 signature presented as RS256", "bad_signature",
                        c -> withHeaderOf(c.base().algorithm("PS256").sign(), c.base().algorithm("RS256").sign())),

                // keys
                of("unknown kid", "unknown_key", c -> c.base().keyId("no-such-key-" + c.activeKeyId()).sign()),
                of("kid not a string", "malformed", c -> c.base().header("kid", 1).sign()),
                of("signed by an unknown key with its own kid", "unknown_key", c -> c.base().signedWithUnknownKey().sign()),
                of("signed by an unknown key under the realm's kid", "bad_signature",
                        c -> c.base().signedWithUnknownKey().keyId(c.activeKeyId()).sign()),
                of("embedded jwk of the attacker", "unknown_key", c -> c.base().embeddedJwk().sign()),
                of("embedded jwk of the attacker under the realm's kid", "bad_signature",
                        c -> c.base().embeddedJwk().keyId(c.activeKeyId()).sign()),
                of("jku pointing at the attacker's JWKS", "unknown_key", c -> c.base().jku().sign()),
                of("jku pointing at the attacker's JWKS under the realm's kid", "bad_signature",
                        c -> c.base().jku().keyId(c.activeKeyId()).sign()),
                of("x5u pointing at the attacker", "unknown_key", c -> c.base().x5u().sign()),
                of("x5u pointing at the attacker under the realm's kid", "bad_signature",
                        c -> c.base().x5u().keyId(c.activeKeyId()).sign()),
                of("payload changed after signing", "bad_signature", c -> withPayloadOf(c.base().sign(),
                        c.base().audience(c.audience(), "admin-api").claim("scope", "admin").sign())),
                of("signature of another token", "bad_signature", c -> withSignatureOf(c.base().sign(),
                        c.base().subjectId("someone-else").sign())),

                // structure
                of("unknown crit header", "malformed", c -> c.base().critical("urn:example:unknown").sign()),
                of("crit naming a registered claim (exp)", "malformed", c -> c.base().critical("exp").header("exp", 1).sign()),
                of("crit b64 false", "malformed", c -> c.base().critical("b64").header("b64", false).sign()),
                of("JWE-shaped (five parts)", "malformed", c -> base64Url("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\",\"kid\":\""
                        + c.activeKeyId() + "\"}") + ".ZW5jcnlwdGVka2V5.aXZpdml2aXY.Y2lwaGVydGV4dA.dGFndGFn"),
                of("JWE header (enc) in three parts", "malformed", c -> c.base().header("enc", "A256GCM").sign()),
                of("nested token (cty JWT)", "malformed", c -> c.base().header("cty", "JWT").sign()),
                of("one part", "malformed", c -> firstPart(c.base().sign())),
                of("two parts", "malformed", c -> dropLastPart(c.base().sign())),
                of("four parts", "malformed", c -> c.base().sign() + ".ZXh0cmE"),
                of("empty signature", "malformed", c -> dropLastPart(c.base().sign()) + "."),
                of("only dots", "malformed", c -> ".."),
                of("standard base64 '+/' in the header", "malformed", c -> "eyJhbGciOiJSUzI1NiJ9+/" + dropFirstPart(c.base().sign())),
                of("standard base64 '+' in the payload", "malformed", c -> {
                    String[] p = c.base().sign().split("\\.");
                    return p[0] + "." + p[1].charAt(0) + "+" + p[1].substring(1) + "." + p[2];
                }),
                of("padding after the signature", "malformed", c -> c.base().sign() + "=="),
                // the JDK decoder ignores a last character's unused bits: 16 spellings of one RS256 signature
                of("signature spelled with non-zero pad bits", "malformed", c -> withPadBitsSet(c.base().sign(), 2)),
                of("payload spelled with non-zero pad bits", "malformed", c -> withPadBitsSet(endingMidQuantum(c), 1)),
                of("header not JSON", "malformed", c -> base64Url("not json") + dropFirstPart(c.base().sign())),
                of("header a JSON array", "malformed", c -> base64Url("[\"RS256\"]") + dropFirstPart(c.base().sign())),
                // correctly signed, so only the payload's shape can refuse them
                of("payload not JSON", "malformed", c -> c.base().payloadText("not json").sign()),
                of("payload a JSON array", "malformed", c -> c.base().payloadText("[1,2]").sign()),
                of("payload a JSON string", "malformed", c -> c.base().payloadText("\"sub\"").sign()),

                // time
                of("expired beyond the clock skew", "expired", c -> c.base()
                        .issuedAt(c.now().minus(c.skew()).minusSeconds(600))
                        .expiresAt(c.now().minus(c.skew()).minusSeconds(60)).sign()),
                of("expired one second beyond the clock skew", "expired",
                        c -> c.base().expiresAt(c.now().minus(c.skew()).minusSeconds(1)).sign()),
                of("expired long ago (exp 1)", "expired", c -> c.base().claim("exp", 1).sign()),
                of("exp a string", "invalid_claim", c -> c.base().claim("exp", "2099-01-01").sign()),
                of("no expiry", "missing_claim", c -> c.base().withoutExpiry().sign()),
                // future times keep a minute's margin: a kit run reads now() once and may take a while
                of("not valid before a time beyond the clock skew", "not_yet_valid",
                        c -> c.base().notBefore(c.now().plus(c.skew()).plusSeconds(60)).sign()),
                of("issued in the future beyond the clock skew", "issued_in_future", c -> c.base()
                        .issuedAt(c.now().plus(c.skew()).plusSeconds(60))
                        .expiresAt(c.now().plus(c.skew()).plusSeconds(900)).sign()),

                // issuer
                of("wrong issuer", "untrusted_issuer", c -> c.base().issuer(EVIL_ISSUER).sign()),
                of("issuer with a trailing slash", "untrusted_issuer", c -> c.base().issuer(c.issuer() + "/").sign()),
                of("issuer in upper case", "untrusted_issuer", c -> c.base().issuer(c.issuer().toUpperCase(Locale.ROOT)).sign()),
                of("no issuer", "missing_claim", c -> c.base().withoutIssuer().sign()),
                of("issuer a number", "invalid_claim", c -> c.base().claim("iss", 42).sign()),
                of("issuer an array", "invalid_claim", c -> c.base().claim("iss", List.of(c.issuer())).sign()),

                // audience
                of("aud missing", "audience_mismatch", c -> c.base().withoutAudience().sign()),
                of("aud an empty array", "audience_mismatch", c -> c.base().audienceClaim(List.of()).sign()),
                of("aud of another service", "audience_mismatch", c -> c.base().audience("another-service").sign()),
                of("aud in another case", "audience_mismatch", c -> c.base().audience(otherCase(c.audience())).sign()),
                of("aud with a suffix", "audience_mismatch", c -> c.base().audience(c.audience() + "-v2").sign()),
                of("aud with a prefix", "audience_mismatch", c -> c.base().audience("x" + c.audience()).sign()),
                of("aud a number", "invalid_claim", c -> c.base().audienceClaim(42).sign()),
                of("aud an array holding a number", "invalid_claim", c -> c.base().audienceClaim(List.of(c.audience(), 7)).sign()),
                of("aud an object", "invalid_claim", c -> c.base().audienceClaim(Map.of("aud", c.audience())).sign()),

                // token type
                of("Keycloak ID token (typ ID)", "wrong_token_type", c -> c.base().type("ID").sign()),
                of("Keycloak refresh token (typ Refresh)", "wrong_token_type", c -> c.base().type("Refresh").sign()),
                of("Keycloak offline token (typ Offline)", "wrong_token_type", c -> c.base().type("Offline").sign()),
                of("typ claim a number", "invalid_claim", c -> c.base().claim("typ", 1).sign()),
                of("header typ dpop+jwt", "wrong_token_type", c -> c.base().headerType("dpop+jwt").sign()),
                of("header typ logout+jwt", "wrong_token_type", c -> c.base().headerType("logout+jwt").sign()),

                // subject and other claims
                of("no subject", "missing_claim", c -> c.base().withoutClaim("sub").sign()),
                of("subject a number", "invalid_claim", c -> c.base().claim("sub", 1).sign()),
                // a parser that keeps the last member sees the attacker's issuer, one that keeps the first sees ours
                of("duplicate iss", "malformed", c -> c.base().payloadText(withMember(payloadOf(c.base().sign()),
                        "\"iss\":\"" + EVIL_ISSUER + "\"", false)).sign()),
                of("duplicate sub", "malformed", c -> c.base().payloadText(withMember(payloadOf(c.base().sign()),
                        "\"sub\":\"someone-else\"", true)).sign()),
                of("scope a number", "invalid_claim", c -> c.base().claim("scope", 5).sign()),
                of("azp a number", "invalid_claim", c -> c.base().claim("azp", 5).sign()));
    }

    /**
     * Cases whose text is not an RFC 6750 {@code b64token} (empty, whitespace, {@code =} inside, a
     * character outside the token alphabet or outside ASCII): an HTTP adapter rightly refuses such a
     * header as {@code 400 invalid_request} before any validator sees it, or the HTTP client cannot
     * send it at all. For in-process validators, which must still refuse them with the code given.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 section 2.1</a>
     */
    public static List<Hostile> outsideBearerSyntax() {
        return List.of(
                of("empty string", "malformed", c -> ""),
                of("padding in the payload", "malformed", c -> c.base().sign().replaceFirst("\\.", ".==")),
                of("bad character in the signature", "malformed", c -> c.base().sign() + "!"),
                of("a non-ASCII character whose low byte is a base64url letter", "malformed",
                        c -> withNonAsciiInPayload(c.base().sign())),
                of("whitespace inside", "malformed", c -> c.base().sign().replaceFirst("\\.", ". ")));
    }

    private static Hostile of(String name, String code, Function<Context, String> token) {
        return new Hostile(name, code, token);
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
     * signature does: 256 bytes leave 4 unused bits; so does a 64-byte ES256 one). Public for
     * validator-specific cases outside the catalogue, such as an ES256 signature.
     *
     * @throws IllegalStateException when the part ends on a full quantum
     */
    public static String withPadBitsSet(String token, int index) {
        String[] parts = token.split("\\.", -1);
        String part = parts[index];
        if (part.length() % 4 < 2) {
            throw new IllegalStateException("part " + index + " ends on a full quantum: no unused bits to set");
        }
        int value = ALPHABET.indexOf(part.charAt(part.length() - 1));
        parts[index] = part.substring(0, part.length() - 1) + ALPHABET.charAt(value | 1);
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

    /** The first payload letter A-Z replaced by the character with the same low byte above U+00FF ('A' becomes U+0141). */
    private static String withNonAsciiInPayload(String token) {
        int i = token.indexOf('.') + 1;
        while (token.charAt(i) < 'A' || token.charAt(i) > 'Z') {
            i++;
        }
        return token.substring(0, i) + (char) (0x0100 + token.charAt(i)) + token.substring(i + 1);
    }

    /** {@code json} (an object) with {@code member} added as its first or last member, whatever it repeats. */
    private static String withMember(String json, String member, boolean first) {
        return first ? "{" + member + "," + json.substring(1)
                : json.substring(0, json.lastIndexOf('}')) + "," + member + "}";
    }

    private static String payloadOf(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    /** A P-256 key nobody published. */
    private static PrivateKey freshEcKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    /** {@code token} with its header's {@code kid} replaced and signed RS256 by {@code key}, through the JCA. */
    private static String resigned(String token, String kid, PrivateKey key) {
        try {
            String[] parts = token.split("\\.");
            Map<String, Object> header = new LinkedHashMap<>(Json.parseObject(
                    new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)).orElseThrow());
            header.put("kid", kid);
            header.put("alg", "RS256");
            String input = base64Url(Json.write(header)) + "." + parts[1];
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + base64Url(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot re-sign the control token", e);
        }
    }

    /** {@code value} big-endian in exactly {@code length} bytes, zero-padded on the left. */
    private static byte[] unsigned(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        int start = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        byte[] out = new byte[length];
        System.arraycopy(raw, start, out, length - (raw.length - start), raw.length - start);
        return out;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String base64Url(String text) {
        return base64Url(text.getBytes(StandardCharsets.UTF_8));
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

    private static String withHeaderOf(String token, String other) {
        return firstPart(other) + dropFirstPart(token);
    }

    private static String withSignatureOf(String token, String other) {
        return dropLastPart(token) + other.substring(other.lastIndexOf('.'));
    }
}
