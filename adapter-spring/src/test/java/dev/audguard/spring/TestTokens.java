package dev.audguard.spring;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.audguard.core.TokenValidator;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** A real RSA key, tokens signed with it, and validators trusting it: for unit tests without HTTP. */
public final class TestTokens {
    static final String ISSUER = "https://idp.example.com/realms/demo";
    private static final RSAKey KEY = generate();

    private TestTokens() {
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID("k1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a JWKS document. */
    static String publicJwks() {
        return new com.nimbusds.jose.jwk.JWKSet(KEY.toPublicJWK()).toString();
    }

    /** A validator trusting the test key for {@code audience}. */
    static TokenValidator validator(String audience) {
        return validatorBuilder(audience).build();
    }

    /** The builder of {@link #validator}, for tests that change one of its options. */
    public static TokenValidator.Builder validatorBuilder(String audience) {
        return TokenValidator.builder().issuer(ISSUER, i -> i.jwks(KEY.toPublicJWK().toJSONString())).audience(audience);
    }

    /** A token for {@code audience}, expiring in five minutes, with {@code claims} on top. */
    public static String token(String audience, Map<String, Object> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), set.build());
        try {
            jwt.sign(new RSASSASigner(KEY));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
