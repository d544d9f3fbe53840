package dev.audguard.spring.server;

import dev.audguard.core.TokenValidator;
import dev.audguard.spring.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder keeps a token's Spring view only beside a verdict that is kept too: with the
 * validator's verdict cache off, every token is verified anew into a new {@code VerifiedToken}, and a
 * view kept for it would be written on every request and never read.
 */
class DecoderViewCacheTest {

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
        return TestTokens.validatorBuilder("service-b");
    }

    private static String token(String subject) {
        return TestTokens.token("service-b", Map.of("sub", subject));
    }
}
