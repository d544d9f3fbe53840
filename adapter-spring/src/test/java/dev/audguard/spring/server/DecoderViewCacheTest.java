package dev.audguard.spring.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.audguard.core.TokenValidator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder keeps a token's Spring view only beside a verdict that is kept too: with the
 * validator's verdict cache off, every token is verified anew into a new {@code VerifiedToken}, and a
 * view kept for it would be written on every request and never read.
 */
class DecoderViewCacheTest {
    private static final String ISSUER = "https://idp.example.com/realms/views";
    private static final RSAKey KEY = rsaKey();

    @Test
    void aValidatorThatKeepsVerdictsGetsOneViewPerToken() {
        AudguardJwtDecoder decoder = AudguardJwtDecoder.builder(validator().build()).build();
        String token = token("alice");

        decoder.decode(token);
        decoder.decode(token);
        decoder.decode(token("bob"));

        assertThat(decoder.keptViews()).isEqualTo(2);
    }

    @Test
    void aValidatorWithoutVerdictsGetsNoViewsKeptAndStillAnswersEveryRequest() {
        TokenValidator validator = validator().disableVerifiedTokenCache().build();
        AudguardJwtDecoder decoder = AudguardJwtDecoder.builder(validator).build();
        String token = token("alice");

        assertThat(validator.cachesVerdicts()).isFalse();
        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
        assertThat(decoder.keptViews()).isZero();
    }

    private static TokenValidator.Builder validator() {
        return TokenValidator.builder().issuer(ISSUER, i -> i.jwks(KEY.toPublicJWK().toJSONString())).audience("service-b");
    }

    private static String token(String subject) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience("service-b").subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(KEY));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("views-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
