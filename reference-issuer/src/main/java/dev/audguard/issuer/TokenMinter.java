package dev.audguard.issuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.audguard.issuer.internal.Claims;
import dev.audguard.issuer.internal.Json;
import dev.audguard.issuer.internal.RealmModel.User;
import dev.audguard.issuer.internal.RealmModel;
import dev.audguard.issuer.internal.RealmRuntime;
import dev.audguard.issuer.internal.TokenEndpoint;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints a token directly, bypassing the grants: valid by default, hostile on request, so a service's
 * tests (or a conformance kit) can show it rejects every kind of bad token.
 *
 * <p>By default the token is a Keycloak-shaped access token (header {@code alg} the realm's default,
 * {@code RS256} unless it sets {@code defaultSignatureAlgorithm},
 * {@code typ: JWT}, the active {@code kid}; claims {@code exp}, {@code iat}, {@code jti},
 * {@code iss}, {@code sub}, {@code typ: Bearer}, {@code preferred_username}, {@code email},
 * {@code scope}) for the realm's first user, signed with the realm's active key. It has no
 * {@code aud} and no {@code azp} until {@link #audience(String...)} / {@link #authorizedParty(String)}
 * or {@link #asIssuedTo(String, String...)} give them.
 *
 * <pre>{@code
 * String expired = demo.mint().subject("alice").audience("service-b")
 *     .expiresAt(clock.instant().minusSeconds(60)).sign();
 * String forged = demo.mint().subject("alice").audience("service-b").signedWithUnknownKey().sign();
 * String none = demo.mint().audience("service-b").algNone("NoNe").sign();
 * }</pre>
 *
 * <p>Not thread-safe; one minter per token. {@link #sign()} can run again.
 */
public final class TokenMinter {

    /** Which bytes of the realm's RSA public key {@link #hs256WithPublicKey(PublicKeyBytes)} uses as the HMAC secret. */
    public enum PublicKeyBytes {
        /** The PEM text ({@code -----BEGIN PUBLIC KEY-----...}), as the classic attack uses. */
        PEM,
        /** The X.509 SubjectPublicKeyInfo DER bytes. */
        DER,
        /** The JWK JSON text as the JWKS serves it. */
        JWK_JSON
    }

    private enum Signing { ACTIVE, KEY_ID, UNKNOWN, CUSTOM, NONE, RAW_ALG, HMAC_PUBLIC_KEY, RS256_OVER_EC, ATTACKER_HEADER }

    private final RealmRuntime rt;
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private final Map<String, Object> header = new LinkedHashMap<>();
    private boolean keyIdSet;
    private Signing signing = Signing.ACTIVE;
    private String algorithm = "RS256";
    private String signingKid;
    private PrivateKey customKey;
    private PublicKeyBytes publicKeyBytes;
    private String attackerHeader;
    private URI attackerUrl;
    private Object rawAlg;
    private boolean rawAlgPresent;
    private String payloadText;

    TokenMinter(RealmRuntime rt) {
        this.rt = rt;
        Instant now = rt.now();
        claims.put("exp", now.getEpochSecond() + rt.model().accessTokenLifespan());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iss", rt.issuer());
        claims.put("sub", UUID.randomUUID().toString());
        claims.put("typ", "Bearer");
        claims.put("preferred_username", "test-user");
        claims.put("scope", "profile email");
        rt.model().users().values().stream().filter(u -> u.serviceAccountClientId() == null).findFirst()
                .ifPresent(this::user);
        algorithm = rt.keys().defaultAlgorithm().getName();
        header.put("alg", algorithm);
        header.put("typ", "JWT");
        header.put("kid", rt.keys().activeKeyId());
    }

    private void user(User user) {
        claims.put("sub", user.id());
        claims.put("preferred_username", user.username());
        if (user.email() != null) {
            claims.put("email", user.email());
        } else {
            claims.remove("email");
        }
    }

    // ---- claims

    /** The token's user: {@code sub}, {@code preferred_username} and {@code email} of a user of the realm. */
    public TokenMinter subject(String username) {
        user(rt.model().user(username.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("no user '" + username + "' in realm " + rt.model().name())));
        return this;
    }

    /** A raw {@code sub}, e.g. of nobody. */
    public TokenMinter subjectId(String sub) {
        claims.put("sub", sub);
        return this;
    }

    /**
     * Replaces the claims with exactly what the realm would issue to {@code clientId} for the current
     * user (or, for a service account, that account): {@code aud}, {@code azp}, roles, {@code scope}.
     * Call it first, then override.
     */
    public TokenMinter asIssuedTo(String clientId, String... scopes) {
        RealmModel model = rt.model();
        RealmModel.Client client = model.client(clientId)
                .orElseThrow(() -> new IllegalArgumentException("no client '" + clientId + "' in realm " + model.name()));
        User user = model.userById(String.valueOf(claims.get("sub")))
                .orElseThrow(() -> new IllegalArgumentException("asIssuedTo needs a user of the realm: call subject() first"));
        Claims.Evaluation e;
        try {
            e = Claims.evaluate(model, client, user, scopes.length == 0 ? null : String.join(" ", scopes));
        } catch (dev.audguard.issuer.internal.OAuthException ex) {
            throw new IllegalArgumentException(ex.error() + ": " + ex.description());
        }
        Instant now = rt.now();
        claims.clear();
        claims.putAll(Claims.accessToken(e, new Claims.Issue(rt.issuer(), now, TokenEndpoint.lifetime(rt, client),
                UUID.randomUUID().toString(), null, null, null, "127.0.0.1")));
        return this;
    }

    /** One value is written as a string, several as an array. */
    public TokenMinter audience(String... audiences) {
        if (audiences.length == 0) {
            throw new IllegalArgumentException("give at least one audience, or use withoutAudience() or audienceClaim()");
        }
        claims.put("aud", audiences.length == 1 ? audiences[0] : List.of(audiences));
        return this;
    }

    /** Any JSON value as {@code aud}: an empty list, a number, a nested object. */
    public TokenMinter audienceClaim(Object rawValue) {
        claims.put("aud", rawValue);
        return this;
    }

    public TokenMinter withoutAudience() {
        claims.remove("aud");
        return this;
    }

    public TokenMinter authorizedParty(String azp) {
        claims.put("azp", azp);
        return this;
    }

    public TokenMinter scope(String scope) {
        claims.put("scope", scope);
        return this;
    }

    public TokenMinter issuer(String issuer) {
        claims.put("iss", issuer);
        return this;
    }

    public TokenMinter withoutIssuer() {
        claims.remove("iss");
        return this;
    }

    public TokenMinter expiresAt(Instant exp) {
        claims.put("exp", exp.getEpochSecond());
        return this;
    }

    /** Relative to the issuer's clock. */
    public TokenMinter expiresIn(Duration lifetime) {
        return expiresAt(rt.now().plus(lifetime));
    }

    public TokenMinter withoutExpiry() {
        claims.remove("exp");
        return this;
    }

    public TokenMinter notBefore(Instant nbf) {
        claims.put("nbf", nbf.getEpochSecond());
        return this;
    }

    public TokenMinter issuedAt(Instant iat) {
        claims.put("iat", iat.getEpochSecond());
        return this;
    }

    public TokenMinter withoutIssuedAt() {
        claims.remove("iat");
        return this;
    }

    /** The {@code typ} claim: Keycloak writes {@code Bearer}, {@code ID} or {@code Refresh}. */
    public TokenMinter type(String typ) {
        claims.put("typ", typ);
        return this;
    }

    /** Any claim; the value must be JSON-shaped (String, Number, Boolean, List, Map, null). */
    public TokenMinter claim(String name, Object value) {
        claims.put(Objects.requireNonNull(name, "name"), value);
        return this;
    }

    public TokenMinter withoutClaim(String name) {
        claims.remove(name);
        return this;
    }

    /**
     * The payload is exactly {@code json}'s UTF-8 bytes instead of the claims, still signed as chosen:
     * for what a map cannot hold, such as a duplicate member ({@code {"sub":"a","sub":"b"}}) or a
     * payload that is not a JSON object at all. The claim methods no longer change the token.
     */
    public TokenMinter payloadText(String json) {
        payloadText = Objects.requireNonNull(json, "json");
        return this;
    }

    // ---- header

    /** Any header parameter; {@code alg} is set by the signing choice. */
    public TokenMinter header(String name, Object value) {
        if ("alg".equals(name)) {
            throw new IllegalArgumentException("alg follows from the signing choice: see algorithm(), algNone()");
        }
        header.put(Objects.requireNonNull(name, "name"), value);
        if ("kid".equals(name)) {
            keyIdSet = true;
        }
        return this;
    }

    public TokenMinter withoutHeader(String name) {
        header.remove(name);
        if ("kid".equals(name)) {
            keyIdSet = true;
        }
        return this;
    }

    /** The {@code kid} header, whatever key actually signs. */
    public TokenMinter keyId(String kid) {
        return header("kid", kid);
    }

    public TokenMinter withoutKeyId() {
        return withoutHeader("kid");
    }

    /** The {@code typ} header, e.g. {@code at+jwt}. */
    public TokenMinter headerType(String typ) {
        return header("typ", typ);
    }

    /** A {@code crit} header naming parameters a verifier will not understand (each is also set). */
    public TokenMinter critical(String... parameterNames) {
        header.put("crit", List.of(parameterNames));
        for (String name : parameterNames) {
            header.putIfAbsent(name, true);
        }
        return this;
    }

    // ---- signing

    /** The default: the realm's active key for its default signature algorithm (RS256 unless the realm says otherwise). */
    public TokenMinter signedWithActiveKey() {
        return signing(Signing.ACTIVE);
    }

    /** A realm key by {@code kid}, including a rotated-out or retired one. */
    public TokenMinter signedWithKey(String kid) {
        if (rt.keys().key(kid).isEmpty()) {
            throw new IllegalArgumentException("no key with that kid in this realm");
        }
        signingKid = kid;
        algorithm = rt.keys().algorithmOfKey(kid).map(JWSAlgorithm::getName).orElse(algorithm);
        return signing(Signing.KEY_ID);
    }

    /** The active key with another RSA algorithm: RS384, RS512, PS256, PS384 or PS512. */
    public TokenMinter algorithm(String rsaAlgorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(rsaAlgorithm);
        if (!JWSAlgorithm.Family.RSA.contains(alg)) {
            throw new IllegalArgumentException("an RSA algorithm (RS256..PS512); for others see algNone(), hs256WithPublicKey(), signedWith()");
        }
        algorithm = alg.getName();
        return this;
    }

    /** An RSA key nobody published (the attacker's), with its own {@code kid} unless {@link #keyId} says otherwise. */
    public TokenMinter signedWithUnknownKey() {
        return signing(Signing.UNKNOWN);
    }

    /**
     * A key of your own: RSA (algorithms RS256..PS512) or EC (ES256, ES384, ES512). The {@code kid}
     * header stays the realm's active one unless {@link #keyId} changes it.
     */
    public TokenMinter signedWith(PrivateKey key, String algorithm) {
        this.customKey = Objects.requireNonNull(key, "key");
        this.algorithm = JWSAlgorithm.parse(algorithm).getName();
        return signing(Signing.CUSTOM);
    }

    /** {@code alg: none} and an empty signature. */
    public TokenMinter algNone() {
        return algNone("none");
    }

    /** {@code alg: none} spelled as given ({@code None}, {@code NONE}, ...), empty signature. */
    public TokenMinter algNone(String spelling) {
        if (!spelling.equalsIgnoreCase("none")) {
            throw new IllegalArgumentException("a spelling of none");
        }
        algorithm = spelling;
        return signing(Signing.NONE);
    }

    /**
     * The {@code alg} header written as {@code value}, any JSON value ({@code "EdDSA"}, {@code "rs256"},
     * a number), and an empty signature, which the caller may follow with any text: for verifiers
     * that must refuse an algorithm they do not know, or an {@code alg} that is not a string.
     */
    public TokenMinter algHeader(Object value) {
        rawAlg = value;
        rawAlgPresent = true;
        return signing(Signing.RAW_ALG);
    }

    /** No {@code alg} header at all, and an empty signature the caller may follow with any text. */
    public TokenMinter withoutAlgHeader() {
        rawAlg = null;
        rawAlgPresent = false;
        return signing(Signing.RAW_ALG);
    }

    /** HS256 keyed with the realm's public RSA key as PEM text: the algorithm-confusion attack. */
    public TokenMinter hs256WithPublicKey() {
        return hs256WithPublicKey(PublicKeyBytes.PEM);
    }

    public TokenMinter hs256WithPublicKey(PublicKeyBytes bytes) {
        return hmacWithPublicKey(bytes, "HS256");
    }

    /**
     * The algorithm-confusion attack with another HMAC algorithm: {@code hmacAlgorithm} (HS256, HS384
     * or HS512) keyed with {@code bytes} of the realm's public RSA key.
     */
    public TokenMinter hmacWithPublicKey(PublicKeyBytes bytes, String hmacAlgorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(Objects.requireNonNull(hmacAlgorithm, "hmacAlgorithm"));
        if (!JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
            throw new IllegalArgumentException("an HMAC algorithm: HS256, HS384 or HS512");
        }
        publicKeyBytes = Objects.requireNonNull(bytes, "bytes");
        algorithm = alg.getName();
        return signing(Signing.HMAC_PUBLIC_KEY);
    }

    /** Header {@code alg: RS256} and the realm's {@code kid}, but an ES256 signature by an EC key. */
    public TokenMinter rs256HeaderOverEcKey() {
        algorithm = "RS256";
        return signing(Signing.RS256_OVER_EC);
    }

    /** An embedded {@code jwk} header carrying the attacker's public key, signed by the attacker's key. */
    public TokenMinter embeddedJwk() {
        attackerHeader = "jwk";
        return signing(Signing.ATTACKER_HEADER);
    }

    /**
     * A {@code jku} header pointing at the attacker's JWKS, signed by the attacker's key. By default
     * the URL is {@code {issuer}/testing/attacker-jwks}, which really serves that key, so a verifier
     * that follows {@code jku} accepts the token.
     */
    public TokenMinter jku() {
        return jku(rt.endpoint("testing/attacker-jwks"));
    }

    public TokenMinter jku(URI url) {
        attackerHeader = "jku";
        attackerUrl = url;
        return signing(Signing.ATTACKER_HEADER);
    }

    /** An {@code x5u} header pointing at an attacker URL, signed by the attacker's key. */
    public TokenMinter x5u() {
        return x5u(rt.endpoint("testing/attacker-jwks"));
    }

    public TokenMinter x5u(URI url) {
        attackerHeader = "x5u";
        attackerUrl = url;
        return signing(Signing.ATTACKER_HEADER);
    }

    private TokenMinter signing(Signing s) {
        this.signing = s;
        return this;
    }

    /** The compact JWS. */
    public String sign() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", algorithm);
        h.putAll(header);
        h.put("alg", algorithm);
        JWSSigner signer;
        String alg = algorithm;
        try {
            switch (signing) {
                case ACTIVE -> {
                    com.nimbusds.jose.jwk.JWK key = rt.keys().signingKey(JWSAlgorithm.parse(alg));
                    defaultKid(h, key.getKeyID());
                    signer = signer(key);
                }
                case KEY_ID -> {
                    com.nimbusds.jose.jwk.JWK key = rt.keys().key(signingKid).orElseThrow();
                    defaultKid(h, key.getKeyID());
                    signer = signer(key);
                }
                case UNKNOWN -> {
                    RSAKey key = rt.keys().attackerKey();
                    defaultKid(h, key.getKeyID());
                    signer = new RSASSASigner(key);
                }
                case CUSTOM -> signer = customSigner();
                case NONE -> signer = null;
                case RAW_ALG -> {
                    signer = null;
                    if (rawAlgPresent) {
                        h.put("alg", rawAlg);
                    } else {
                        h.remove("alg");
                    }
                }
                case HMAC_PUBLIC_KEY -> signer = new MACSigner(publicKeyBytes(rt.keys().activeKey()));
                case RS256_OVER_EC -> {
                    signer = new ECDSASigner(rt.keys().attackerEcKey());
                    alg = "ES256";
                }
                case ATTACKER_HEADER -> {
                    RSAKey key = rt.keys().attackerKey();
                    defaultKid(h, key.getKeyID());
                    if ("jwk".equals(attackerHeader)) {
                        h.put("jwk", key.toPublicJWK().toJSONObject());
                    } else {
                        h.put(attackerHeader, attackerUrl.toString());
                    }
                    signer = new RSASSASigner(key);
                }
                default -> throw new IllegalStateException();
            }
            String input = Base64URL.encode(Json.write(h).getBytes(StandardCharsets.UTF_8)) + "."
                    + Base64URL.encode((payloadText != null ? payloadText : Json.write(claims)).getBytes(StandardCharsets.UTF_8));
            if (signer == null) {
                return input + ".";
            }
            Base64URL signature = signer.sign(new JWSHeader(JWSAlgorithm.parse(alg)), input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    private static JWSSigner signer(com.nimbusds.jose.jwk.JWK key) throws JOSEException {
        return key instanceof com.nimbusds.jose.jwk.ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
    }

    private void defaultKid(Map<String, Object> h, String kid) {
        if (!keyIdSet) {
            h.put("kid", kid);
        }
    }

    private JWSSigner customSigner() throws JOSEException {
        if (customKey instanceof RSAPrivateKey rsa) {
            return new RSASSASigner(rsa);
        }
        if (customKey instanceof ECPrivateKey ec) {
            return new ECDSASigner(ec);
        }
        throw new IllegalArgumentException("an RSA or EC private key");
    }

    private byte[] publicKeyBytes(RSAKey key) throws JOSEException {
        byte[] der = key.toRSAPublicKey().getEncoded();
        return switch (publicKeyBytes) {
            case DER -> der;
            case PEM -> ("-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
            case JWK_JSON -> key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        };
    }

    @Override
    public String toString() {
        return "TokenMinter[" + signing + ", claims=" + claims.keySet() + "]";
    }
}
