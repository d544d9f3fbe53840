package dev.audguard.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Mints tokens for tests, valid by default and bendable into anything hostile: every header and
 * claim can be set to any JSON value or removed, and the signature can come from any key
 * ({@link TestJws}).
 */
public final class TestTokens extends TestJws<TestTokens> {
    public static final String ISSUER = "https://idp.example.com/realms/demo";
    public static final String AUDIENCE = "orders-api";

    private TestTokens(Clock clock) {
        super(TestKeys.RSA);
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

    public TestTokens expiresIn(Clock clock, Duration duration) {
        return claim("exp", clock.instant().plus(duration).getEpochSecond());
    }

    public TestTokens at(String claim, Instant instant) {
        return claim(claim, instant.getEpochSecond());
    }

    /** Signs with {@code key}, using its {@code kid} and default algorithm. */
    public TestTokens signedBy(JWK key) {
        signingKeyOnly(key);
        header.put("alg", TestKeys.defaultAlgorithm(key).getName());
        if (key.getKeyID() != null) {
            header.put("kid", key.getKeyID());
        } else {
            header.remove("kid");
        }
        return this;
    }

    /** The algorithm a fresh token is signed with. */
    public static JWSAlgorithm defaultAlgorithm() {
        return JWSAlgorithm.RS256;
    }
}
