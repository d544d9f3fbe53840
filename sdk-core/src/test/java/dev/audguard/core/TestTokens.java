package dev.audguard.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mints tokens for tests, valid by default and bendable into anything hostile: every header and
 * claim can be set to any JSON value or removed, and the signature can come from any key.
 */
public final class TestTokens {
    public static final String ISSUER = "https://idp.example.com/realms/demo";
    public static final String AUDIENCE = "orders-api";

    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private JWK signingKey = TestKeys.RSA;
    private JWSSigner signer;

    private TestTokens(Clock clock) {
        long now = clock.instant().getEpochSecond();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", TestKeys.RSA.getKeyID());
        claims.put("exp", now + 300);
        claims.put("iat", now);
        claims.put("jti", "jti-" + System.nanoTime());
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", "f2a1c0de-0000-4000-8000-000000000001");
        claims.put("typ", "Bearer");
        claims.put("azp", "service-a");
        claims.put("scope", "profile email");
        claims.put("realm_access", Map.of("roles", List.of("user", "offline_access")));
        claims.put("resource_access", Map.of("orders-api", Map.of("roles", List.of("viewer"))));
        claims.put("preferred_username", "alice");
    }

    /** A valid token for {@link #ISSUER} and {@link #AUDIENCE}, signed by {@link TestKeys#RSA}, issued now. */
    public static TestTokens valid(Clock clock) {
        return new TestTokens(clock);
    }

    public TestTokens header(String name, Object value) {
        header.put(name, value);
        return this;
    }

    public TestTokens withoutHeader(String name) {
        header.remove(name);
        return this;
    }

    public TestTokens claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    public TestTokens without(String claim) {
        claims.remove(claim);
        return this;
    }

    public TestTokens expiresIn(Clock clock, Duration duration) {
        return claim("exp", clock.instant().plus(duration).getEpochSecond());
    }

    public TestTokens at(String claim, Instant instant) {
        return claim(claim, instant.getEpochSecond());
    }

    /** Signs with {@code key}, using its {@code kid} and default algorithm. */
    public TestTokens signedBy(JWK key) {
        this.signingKey = key;
        header.put("alg", TestKeys.defaultAlgorithm(key).getName());
        if (key.getKeyID() != null) {
            header.put("kid", key.getKeyID());
        } else {
            header.remove("kid");
        }
        return this;
    }

    /** Signs with {@code key} but keeps whatever {@code alg} and {@code kid} the header says. */
    public TestTokens signingKeyOnly(JWK key) {
        this.signingKey = key;
        return this;
    }

    /** Signs with HMAC keyed by {@code secret}. */
    public TestTokens hmacSecret(byte[] secret) {
        try {
            this.signer = new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** The compact token. */
    public String sign() {
        String signingInput = encode(JSONObjectUtils.toJSONString(header)) + "." + encode(JSONObjectUtils.toJSONString(claims));
        try {
            JWSSigner actual = signer != null ? signer : signerFor(signingKey);
            // the signer only needs the algorithm; the header itself may be deliberately broken
            JWSHeader parsed = new JWSHeader(JWSAlgorithm.parse(String.valueOf(header.get("alg"))));
            Base64URL signature = actual.sign(parsed, signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign test token", e);
        }
    }

    /** The compact token with an empty signature, as an {@code alg: none} token has. */
    public String unsigned() {
        return encode(JSONObjectUtils.toJSONString(header)) + "." + encode(JSONObjectUtils.toJSONString(claims)) + ".";
    }

    static String encode(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static JWSSigner signerFor(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSASigner(rsa.toPrivateKey(), true);
        }
        if (key instanceof ECKey ec) {
            return new ECDSASigner(ec);
        }
        throw new IllegalArgumentException("unsupported test key " + key.getKeyType());
    }

    /** The algorithm a fresh token is signed with. */
    public static JWSAlgorithm defaultAlgorithm() {
        return JWSAlgorithm.RS256;
    }
}
