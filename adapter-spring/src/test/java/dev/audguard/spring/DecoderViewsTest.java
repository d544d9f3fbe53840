package dev.audguard.spring;

import dev.audguard.core.Reason;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenValidator;
import dev.audguard.spring.server.AudguardJwtDecoder;
import dev.audguard.spring.server.AudguardJwtException;
import dev.audguard.spring.server.VerifiedJwt;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The decoder makes the Spring view of a verified token once, and the view never stands in for the
 * check: every request's token goes through the front door under that request's rule first.
 */
class DecoderViewsTest {

    @Test
    void aCachedVerdictIsOneSpringViewForEveryRequest() {
        AudguardJwtDecoder decoder = AudguardJwtDecoder.builder(TestTokens.validator("service-b")).build();
        String raw = TestTokens.token("service-b", Map.of("preferred_username", "alice"));

        Jwt first = decoder.decode(raw);
        Jwt second = decoder.decode(raw);

        assertThat(second).isSameAs(first);
        assertThat(((VerifiedJwt) second).verifiedToken()).isSameAs(((VerifiedJwt) first).verifiedToken());
    }

    @Test
    void aTokenWhoseViewIsKeptIsStillRefusedByTheNextRequestsRule() {
        AtomicReference<Requirements> rule = new AtomicReference<>(Requirements.none());
        AudguardJwtDecoder decoder = AudguardJwtDecoder.builder(TestTokens.validator("service-b"))
                .requirements(rule::get).build();
        String raw = TestTokens.token("service-b", Map.of("scope", "orders:read"));
        decoder.decode(raw);

        rule.set(Requirements.scopes("orders:write"));

        assertThatThrownBy(() -> decoder.decode(raw))
                .isInstanceOfSatisfying(AudguardJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INSUFFICIENT_SCOPE));
    }

    @Test
    void aTokenVerifiedAgainGetsAViewOfItsOwn() {
        TokenValidator uncached = TokenValidator.builder()
                .issuer(TestTokens.ISSUER, i -> i.jwks(TestTokens.publicJwks()))
                .audience("service-b")
                .disableVerifiedTokenCache()
                .build();
        AudguardJwtDecoder decoder = AudguardJwtDecoder.builder(uncached).build();
        String raw = TestTokens.token("service-b", Map.of());

        VerifiedJwt first = (VerifiedJwt) decoder.decode(raw);
        VerifiedJwt second = (VerifiedJwt) decoder.decode(raw);

        assertThat(second.verifiedToken()).isNotSameAs(first.verifiedToken());
        assertThat(second).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void aViewLivesNoLongerThanItsTokensExpiry() {
        MutableClock clock = MutableClock.startingNow();
        AudguardJwtDecoder decoder = AudguardJwtDecoder.builder(TestTokens.validator("service-b")).clock(clock).build();
        String raw = TestTokens.token("service-b", Map.of());
        Jwt first = decoder.decode(raw);

        // the decoder's clock passes the token's exp (five minutes); the validator's own clock has not
        clock.advance(Duration.ofMinutes(6));
        Jwt second = decoder.decode(raw);

        assertThat(((VerifiedJwt) second).verifiedToken()).isSameAs(((VerifiedJwt) first).verifiedToken());
        assertThat(second).isNotSameAs(first);
    }
}
