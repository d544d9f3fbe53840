package dev.audguard.exchange;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Real signed JWTs for tests that do not go through the reference issuer (WireMock answers, subject tokens). */
final class TestJwts {
    private static final RSAKey KEY;

    static {
        try {
            KEY = new RSAKeyGenerator(2048).keyID("test-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestJwts() {
    }

    /** A signed access token for {@code subject} that expires at {@code exp}; a fresh {@code jti} makes each one unique. */
    static String jwt(String subject, Instant exp) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://idp.example/realms/demo").subject(subject)
                .audience("service-b").expirationTime(Date.from(exp)).issueTime(Date.from(exp.minusSeconds(300)))
                .jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(KEY));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
