package dev.audguard.spring;

import dev.audguard.spring.server.AudguardJwtDecoder;
import dev.audguard.spring.server.AudguardJwtException;
import dev.audguard.spring.server.VerifiedJwt;
import dev.audguard.core.AudienceRule;
import dev.audguard.core.Reason;
import dev.audguard.core.Requirements;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudguardJwtDecoderTest {
    private final AudguardJwtDecoder decoder = AudguardJwtDecoder.builder(TestTokens.validator("service-b"))
            .principalClaim("preferred_username").build();

    @Test
    void decodeReturnsTheVerifiedTokenAsSpringsJwt() {
        String raw = TestTokens.token("service-b", Map.of("preferred_username", "alice", "scope", "orders:read"));

        Jwt jwt = decoder.decode(raw);

        assertThat(jwt).isInstanceOf(VerifiedJwt.class);
        assertThat(jwt.getTokenValue()).isEqualTo(raw);
        assertThat(jwt.getAudience()).containsExactly("service-b");
        assertThat(jwt.getExpiresAt()).isAfter(Instant.now());
        assertThat(jwt.getClaims().get("exp")).isInstanceOf(Instant.class);
        assertThat(jwt.getHeaders()).containsEntry("alg", "RS256").containsEntry("kid", "k1");
        assertThat(((VerifiedJwt) jwt).getName()).isEqualTo("alice");
        assertThat(((VerifiedJwt) jwt).verifiedToken().scopes()).containsExactly("orders:read");
        assertThat(jwt.toString()).doesNotContain(raw.split("\\.")[2]).doesNotContain(raw.split("\\.")[1]);
    }

    @Test
    void principalFallsBackToSubWithoutThePrincipalClaim() {
        VerifiedJwt jwt = (VerifiedJwt) decoder.decode(TestTokens.token("service-b", Map.of()));

        assertThat(jwt.getName()).isEqualTo("user-1");
    }

    @Test
    void decodeRefusesATokenForAnotherServiceAsABadJwtWithTheReason() {
        String forOther = TestTokens.token("service-c", Map.of());

        assertThatThrownBy(() -> decoder.decode(forOther))
                .isInstanceOf(BadJwtException.class)
                .isInstanceOfSatisfying(AudguardJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUDIENCE_MISMATCH))
                .hasMessage("The access token is not intended for this service.");
    }

    @Test
    void requirementsOfTheCurrentRequestReplaceTheAudienceAndAddScopes() {
        AudguardJwtDecoder reports = AudguardJwtDecoder.builder(TestTokens.validator("service-b"))
                .requirements(() -> Requirements.audience(AudienceRule.anyOf("reports-api")).withScopes(List.of("reports:read")))
                .build();

        assertThat(reports.decode(TestTokens.token("reports-api", Map.of("scope", "reports:read")))).isNotNull();
        assertThatThrownBy(() -> reports.decode(TestTokens.token("service-b", Map.of("scope", "reports:read"))))
                .isInstanceOfSatisfying(AudguardJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUDIENCE_MISMATCH));
        assertThatThrownBy(() -> reports.decode(TestTokens.token("reports-api", Map.of())))
                .isInstanceOfSatisfying(AudguardJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INSUFFICIENT_SCOPE));
    }

    @Test
    void decodeWhenValidationFailsUnexpectedlyThenInternalErrorNotKeysUnavailable() {
        AudguardJwtDecoder failing = AudguardJwtDecoder.builder(TestTokens.validator("service-b"))
                .requirements(() -> {
                    throw new IllegalStateException("broken rule");
                })
                .build();

        assertThatThrownBy(() -> failing.decode(TestTokens.token("service-b", Map.of())))
                .isInstanceOfSatisfying(AudguardJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INTERNAL_ERROR));
    }

    @Test
    void builderOptionsAreSetOnce() {
        AudguardJwtDecoder.Builder builder = AudguardJwtDecoder.builder(TestTokens.validator("service-b")).principalClaim("sub");

        assertThatThrownBy(() -> builder.principalClaim("email")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AudguardJwtDecoder.builder(TestTokens.validator("x")).principalClaim(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
