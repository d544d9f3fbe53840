package dev.audguard.issuer;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One clock for everything the issuer does, moved by the test instead of sleeping. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IssuerClockIT {

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static Map<String, Object> introspect(RealmHandle demo, String token) {
        return Http.postBasic(demo.introspectionEndpoint(), "service-b", "b-secret", Map.of("token", token)).json();
    }

    @Test
    @Order(1)
    void advancingTheClockExpiresAccessTokensAtTheIssuer(RealmHandle demo, IssuerClock clock) {
        clock.freeze(); // a busy machine must not add its own seconds to the 299 below
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        assertThat(introspect(demo, token)).containsEntry("active", true);

        clock.advance(Duration.ofSeconds(299));
        assertThat(introspect(demo, token)).containsEntry("active", true);
        clock.advance(Duration.ofSeconds(2));

        assertThat(introspect(demo, token)).containsEntry("active", false);
        assertThat(Http.get(demo.userinfoEndpoint(), "Bearer " + token).status()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void theExtensionResetsTheClockAfterEachTest(ReferenceIssuer running) {
        assertThat(running.clock().offset()).isLessThan(Duration.ofSeconds(1));
        assertThat(running.clock().frozen()).isFalse();
    }

    @Test
    void tokensAreStampedWithTheMovedClock(ReferenceIssuer running, RealmHandle demo) {
        running.clock().freeze().advance(Duration.ofDays(3));
        Instant now = running.clock().instant();

        Map<String, Object> granted = Jwt.claims(demo.clientCredentials("service-b", "b-secret").accessToken());
        Map<String, Object> minted = Jwt.claims(demo.mint().subject("alice").audience("service-b").sign());

        assertThat(granted).containsEntry("iat", now.getEpochSecond()).containsEntry("exp", now.getEpochSecond() + 300);
        assertThat(minted).containsEntry("iat", now.getEpochSecond());
    }

    @Test
    void refreshTokensDieWithTheSessionIdleTimeout(RealmHandle demo, IssuerClock clock) {
        clock.freeze();
        String refresh = demo.passwordGrant("service-a", "a-secret", "alice", "alice").refreshToken().orElseThrow();
        clock.advance(Duration.ofMinutes(29));
        String second = demo.refresh("service-a", "a-secret", refresh).refreshToken().orElseThrow();

        clock.advance(Duration.ofMinutes(31));

        Http.Answer answer = Http.postBasic(demo.tokenEndpoint(), "service-a", "a-secret",
                Map.of("grant_type", "refresh_token", "refresh_token", second));
        assertThat(answer.json()).containsEntry("error", "invalid_grant");
    }

    @Test
    void exchangeRefusesASubjectTokenThatExpiredOnTheIssuersClock(RealmHandle demo, IssuerClock clock) {
        String subject = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        clock.advance(Duration.ofMinutes(6));

        Http.Answer answer = Http.postBasic(demo.tokenEndpoint(), "service-b", "b-secret", Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", subject,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token", "audience", "service-c"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("error_description", "Invalid token");
    }

    @Test
    void theTestingEndpointMovesTheSameClock(ReferenceIssuer running, RealmHandle demo) {
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        URI clockUri = URI.create(demo.issuerUrl() + "/testing/clock");

        Http.Answer advanced = Http.postEmpty(URI.create(clockUri + "/advance?seconds=600"));
        Http.Answer frozen = Http.postEmpty(URI.create(clockUri + "/freeze"));

        assertThat(advanced.status()).isEqualTo(200);
        assertThat(((Number) advanced.json().get("offset_seconds")).longValue()).isBetween(599L, 600L);
        assertThat(frozen.json()).containsEntry("frozen", true);
        assertThat(running.clock().frozen()).isTrue();
        assertThat(introspect(demo, token)).containsEntry("active", false);
        assertThat(Http.get(clockUri).json()).containsEntry("now", running.clock().instant().getEpochSecond());
        assertThat(Http.postEmpty(URI.create(clockUri + "/advance?seconds=soon")).status()).isEqualTo(400);
        assertThat(Http.postEmpty(URI.create(clockUri + "/resume")).json()).containsEntry("frozen", false);
    }

    @Test
    void aBuilderClockIsTheBaseTheIssuerClockRunsFrom() {
        MutableClock base = new MutableClock(Instant.parse("2030-05-01T10:00:00Z"));
        try (ReferenceIssuer own = ReferenceIssuer.builder().clock(base).start()) {
            own.clock().advance(Duration.ofHours(1));
            base.advance(Duration.ofMinutes(1));

            assertThat(own.clock().instant()).isEqualTo(Instant.parse("2030-05-01T11:01:00Z"));
            assertThat(own.clock().resume().reset().instant()).isEqualTo(Instant.parse("2030-05-01T10:01:00Z"));
        }
    }
}
