package dev.audguard.core;

import dev.audguard.issuer.Fault;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.issuer.TokenResponse;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator against the independent reference issuer, over real HTTP: the tokens a
 * Keycloak-shaped realm really issues, found through discovery, through key rotation and an outage.
 */
class ReferenceIssuerIT {
    private static final MutableClock CLOCK = MutableClock.atDefaultStart();
    private static ReferenceIssuer issuer;
    private static RealmHandle demo;

    @BeforeAll
    static void start() {
        issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).contextPath("/auth").clock(CLOCK).start();
        demo = issuer.realm("demo");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @BeforeEach
    void clearFaults() {
        demo.faults().clear();
    }

    private static TokenValidator validatorFor(String audience) {
        return TokenValidator.builder().issuer(demo.issuerUrl()).audience(audience).clock(CLOCK).build();
    }

    private static String alicesToken(String... scopes) {
        return demo.passwordGrant("service-a", "a-secret", "alice", "alice", scopes).accessToken();
    }

    @Test
    void acceptsTheTokenMintedForItAndOnlyThatOne() {
        String token = alicesToken();

        VerifiedToken verified = validatorFor("service-b").validate(token);
        assertThat(verified.audiences()).containsExactly("service-b");
        assertThat(verified.authorizedParty()).contains("service-a");
        assertThat(verified.subject()).contains(demo.subjectOf("alice"));
        assertThat(verified.issuer()).endsWith("/auth/realms/demo");

        assertThat(TokenValidatorTest.reasonOf(() -> validatorFor("service-c").validate(token)))
                .isEqualTo(Reason.AUDIENCE_MISMATCH);
    }

    @Test
    void anOptionalScopeAddsItsAudience() {
        assertThat(validatorFor("good-service").validate(alicesToken("good-service")).audiences())
                .containsExactlyInAnyOrder("good-service", "service-b");
        assertThat(TokenValidatorTest.reasonOf(() -> validatorFor("good-service").validate(alicesToken())))
                .isEqualTo(Reason.AUDIENCE_MISMATCH);
    }

    @Test
    void anExchangedTokenOpensTheDownstreamServiceOnly() {
        TokenResponse exchanged = demo.exchange("service-b", "b-secret", alicesToken(), "service-c");

        VerifiedToken atC = validatorFor("service-c").validate(exchanged.accessToken());
        assertThat(atC.authorizedParty()).contains("service-b");
        assertThat(atC.subject()).contains(demo.subjectOf("alice"));
        assertThat(TokenValidatorTest.reasonOf(() -> validatorFor("service-b").validate(exchanged.accessToken())))
                .isEqualTo(Reason.AUDIENCE_MISMATCH);
    }

    @Test
    void anIdTokenIsNotAnAccessTokenEvenForTheRightAudience() {
        String idToken = demo.passwordGrant("service-a", "a-secret", "alice", "alice", "openid").idToken().orElseThrow();

        assertThat(TokenValidatorTest.reasonOf(() -> validatorFor("service-a").validate(idToken)))
                .isEqualTo(Reason.WRONG_TOKEN_TYPE);
    }

    @Test
    void aRotatedKeyIsPickedUpAndARetiredOneStopsVerifying() throws Exception {
        RemoteKeysIT.Events events = new RemoteKeysIT.Events();
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").clock(CLOCK)
                .listener(events).build();
        String oldKid = demo.keys().activeKeyId();
        assertThat(validator.validate(alicesToken())).isNotNull();

        String newKid = demo.keys().rotate();
        CLOCK.advance(Duration.ofSeconds(11));
        assertThat(validator.validate(alicesToken()).keyId()).contains(newKid);

        demo.keys().retire(oldKid);
        String stillSignedByOld = demo.mint().subject("alice").audience("service-b").signedWithKey(oldKid)
                .expiresIn(Duration.ofHours(1)).sign();
        assertThat(validator.validate(stillSignedByOld)).as("until the next refresh").isNotNull();

        events.expectFetch();
        CLOCK.advance(Duration.ofMinutes(5));
        validator.validate(alicesToken());
        events.awaitFetch();

        assertThat(TokenValidatorTest.reasonOf(() -> validator.validate(stillSignedByOld))).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void anIssuerOutageDoesNotTurnValidTokensAway() {
        TokenValidator validator = validatorFor("service-b");
        assertThat(validator.validate(alicesToken())).isNotNull();

        demo.faults().jwks(Fault.status(500)).discovery(Fault.down());
        CLOCK.advance(Duration.ofMinutes(30));

        assertThat(validator.validate(alicesToken())).isNotNull();
        assertThat(validator.health().get(0).status()).isIn(KeySourceHealth.Status.STALE, KeySourceHealth.Status.UP);
    }

    @Test
    void hostileTokensFromTheIssuersMinterAreRefused() {
        TokenValidator validator = validatorFor("service-b");

        assertThat(TokenValidatorTest.reasonOf(() -> validator.validate(demo.mint().subject("alice").audience("service-b").algNone().sign())))
                .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(TokenValidatorTest.reasonOf(() -> validator.validate(demo.mint().subject("alice").audience("service-b").hs256WithPublicKey().sign())))
                .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(TokenValidatorTest.reasonOf(() -> validator.validate(demo.mint().subject("alice").audience("service-b").embeddedJwk().sign())))
                .isIn(Reason.BAD_SIGNATURE, Reason.UNKNOWN_KEY);
        assertThat(TokenValidatorTest.reasonOf(() -> validator.validate(demo.mint().subject("alice").audience("service-b").jku().sign())))
                .isIn(Reason.BAD_SIGNATURE, Reason.UNKNOWN_KEY);
        assertThat(TokenValidatorTest.reasonOf(() -> validator.validate(demo.mint().subject("alice").audience("service-b").type("Refresh").sign())))
                .isEqualTo(Reason.WRONG_TOKEN_TYPE);
        assertThat(validator.validate(demo.mint().subject("alice").audience("service-b").sign())).isNotNull();
    }
}
