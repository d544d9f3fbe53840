package dev.audguard.core;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.testsupport.AllAtOnce;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.audguard.core.Refused.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 7662 introspection under the validator's fail-closed rules, over real HTTP (WireMock and the reference issuer). */
class TokenIntrospectorIT {
    private static final String ISSUER = "https://idp.example.com/realms/demo";
    private static final String PATH = "/realms/demo/protocol/openid-connect/token/introspect";

    private final MutableClock clock = MutableClock.atDefaultStart();
    private final AtomicLong nanos = new AtomicLong();
    private WireMockServer wiremock;

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
    }

    @AfterEach
    void stop() {
        wiremock.stop();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private String active(String extra) {
        return "{\"active\":true,\"iss\":\"" + ISSUER + "\",\"aud\":\"orders-api\",\"sub\":\"alice\",\"client_id\":\"web\","
                + "\"scope\":\"orders:read profile\",\"token_type\":\"Bearer\",\"exp\":" + (now() + 300) + extra + "}";
    }

    private void answer(ResponseDefinitionBuilder response) {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    private TokenIntrospector.Builder builder() {
        return TokenIntrospector.builder(ISSUER)
                .endpoint(URI.create(wiremock.baseUrl() + PATH))
                .clientSecretBasic("orders-api", "orders-secret")
                .audience("orders-api")
                .clock(clock)
                .ticker(nanos::get);
    }

    private int calls() {
        return wiremock.findAll(postRequestedFor(urlEqualTo(PATH))).size();
    }

    @Test
    void anActiveAnswerForThisAudienceBecomesAVerifiedToken() {
        answer(okJson(active("")));
        VerifiedToken token = builder().build().introspect("opaque-1", Requirements.none());
        assertThat(token.issuer()).isEqualTo(ISSUER);
        assertThat(token.subject()).contains("alice");
        assertThat(token.authorizedParty()).contains("web");
        assertThat(token.audiences()).containsExactly("orders-api");
        assertThat(token.scopes()).containsExactlyInAnyOrder("orders:read", "profile");
        assertThat(token.keyId()).isEmpty();
        wiremock.verify(postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Basic b3JkZXJzLWFwaTpvcmRlcnMtc2VjcmV0"))
                .withRequestBody(containing("token=opaque-1")).withRequestBody(containing("token_type_hint=access_token")));
    }

    @Test
    void clientSecretPostSendsTheCredentialsInTheBody() {
        answer(okJson(active("")));
        TokenIntrospector.builder(ISSUER).endpoint(URI.create(wiremock.baseUrl() + PATH))
                .clientSecretPost("orders-api", "orders-secret").audience("orders-api").clock(clock).build()
                .introspect("opaque-1", Requirements.none());
        wiremock.verify(postRequestedFor(urlEqualTo(PATH)).withoutHeader("Authorization")
                .withRequestBody(containing("client_id=orders-api")).withRequestBody(containing("client_secret=orders-secret")));
    }

    @Test
    void anInactiveAnswerIsRefusedAsInactive() {
        answer(okJson("{\"active\":false}"));
        assertThat(reason(() -> builder().build().introspect("revoked", Requirements.none()))).isEqualTo(Reason.INACTIVE);
    }

    @Test
    void byDefaultAnAnswerWithoutAudienceIsRefused() {
        answer(okJson(active("").replace("\"aud\":\"orders-api\",", "")));
        assertThat(reason(() -> builder().build().introspect("t", Requirements.none()))).isEqualTo(Reason.AUDIENCE_MISMATCH);
    }

    @Test
    void explicitlyAllowsAnswersWithoutAudience() {
        answer(okJson(active("").replace("\"aud\":\"orders-api\",", "")));
        TokenIntrospector open = TokenIntrospector.builder(ISSUER).endpoint(URI.create(wiremock.baseUrl() + PATH))
                .clientSecretBasic("orders-api", "orders-secret").disableAudienceCheck().clock(clock).build();
        assertThat(open.introspect("t", Requirements.none()).audiences()).isEmpty();
    }

    @Test
    void anAnswerForAnotherAudienceIsRefused() {
        answer(okJson(active("").replace("\"aud\":\"orders-api\"", "\"aud\":[\"payments-api\"]")));
        assertThat(reason(() -> builder().build().introspect("t", Requirements.none()))).isEqualTo(Reason.AUDIENCE_MISMATCH);
    }

    @Test
    void anAnswerOfAnotherIssuerIsRefusedAndOneWithoutIssIsTheConfiguredIssuers() {
        answer(okJson(active("").replace(ISSUER, "https://evil.example.com/realms/demo")));
        assertThat(reason(() -> builder().build().introspect("t1", Requirements.none()))).isEqualTo(Reason.UNTRUSTED_ISSUER);
        answer(okJson(active("").replace("\"iss\":\"" + ISSUER + "\",", "")));
        assertThat(builder().build().introspect("t2", Requirements.none()).issuer()).isEqualTo(ISSUER);
    }

    @Test
    void timeClaimsAreCheckedWithTheSkew() {
        answer(okJson(active("").replace("\"exp\":" + (now() + 300), "\"exp\":" + (now() - 120))));
        assertThat(reason(() -> builder().build().introspect("old", Requirements.none()))).isEqualTo(Reason.EXPIRED);
        answer(okJson(active(",\"nbf\":" + (now() + 300))));
        assertThat(reason(() -> builder().build().introspect("early", Requirements.none()))).isEqualTo(Reason.NOT_YET_VALID);
        answer(okJson(active("").replace(",\"exp\":" + (now() + 300), "")));
        assertThat(reason(() -> builder().build().introspect("no-exp", Requirements.none()))).isEqualTo(Reason.MISSING_CLAIM);
    }

    @Test
    void requirementsApplyToTheAnswer() {
        answer(okJson(active("")));
        TokenIntrospector introspector = builder().build();
        assertThat(reason(() -> introspector.introspect("t", Requirements.scopes("orders:write")))).isEqualTo(Reason.INSUFFICIENT_SCOPE);
        assertThat(reason(() -> introspector.introspect("t", Requirements.audience(AudienceRule.anyOf("reports-api")))))
                .isEqualTo(Reason.AUDIENCE_MISMATCH);
        assertThat(introspector.introspect("t", Requirements.scopes("orders:read")).subject()).contains("alice");
    }

    @Test
    void anUnreachableOrFailingIssuerIs503NeverARefusalOfTheTokenAndRecovers() {
        TokenIntrospector introspector = builder().build();
        answer(aResponse().withStatus(500));
        assertThat(reason(() -> introspector.introspect("t", Requirements.none()))).isEqualTo(Reason.KEYS_UNAVAILABLE);
        answer(aResponse().withStatus(200).withBody("<html>down</html>"));
        assertThat(reason(() -> introspector.introspect("t", Requirements.none()))).isEqualTo(Reason.KEYS_UNAVAILABLE);
        answer(okJson(active("")));
        assertThat(introspector.introspect("t", Requirements.none()).subject()).contains("alice");
        TokenIntrospector unreachable = builder().build();
        wiremock.stop();
        assertThat(reason(() -> unreachable.introspect("t", Requirements.none()))).isEqualTo(Reason.KEYS_UNAVAILABLE);
    }

    @Test
    void anAnswerIsReusedUntilTheMaximumLifetimeSoARevocationIsSeenWithinIt() {
        answer(okJson(active("")));
        TokenIntrospector introspector = builder().build();
        introspector.introspect("t", Requirements.none());
        introspector.introspect("t", Requirements.none());
        assertThat(calls()).isEqualTo(1);

        answer(okJson("{\"active\":false}"));   // revoked at the issuer
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(introspector.introspect("t", Requirements.none())).isNotNull();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(reason(() -> introspector.introspect("t", Requirements.none()))).isEqualTo(Reason.INACTIVE);
        assertThat(calls()).isEqualTo(2);
    }

    @Test
    void aCachedAnswerIsNotUsedPastTheTokensExpiry() {
        answer(okJson(active("").replace("\"exp\":" + (now() + 300), "\"exp\":" + (now() + 10))));
        TokenIntrospector introspector = builder().clockSkew(Duration.ZERO).build();
        introspector.introspect("t", Requirements.none());
        clock.advance(Duration.ofSeconds(11));
        assertThat(reason(() -> introspector.introspect("t", Requirements.none()))).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void concurrentRequestsWithOneTokenMakeOneCall() throws Exception {
        answer(okJson(active("")).withFixedDelay(500));
        TokenIntrospector introspector = builder().build();
        List<VerifiedToken> results = AllAtOnce.run(50, 200, n -> introspector.introspect("same-token", Requirements.none()));

        assertThat(results).allSatisfy(result -> assertThat(result.subject()).contains("alice"));
        assertThat(calls()).isEqualTo(1);
    }

    @Test
    void aFloodOfDistinctTokensIsCappedPerSecondAnd503Beyond() {
        answer(okJson(active("")));
        TokenIntrospector introspector = builder().maxCallsPerSecond(3).build();
        for (int i = 0; i < 3; i++) {
            introspector.introspect("token-" + i, Requirements.none());
        }
        assertThat(reason(() -> introspector.introspect("token-3", Requirements.none()))).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(calls()).isEqualTo(3);
        clock.advance(Duration.ofSeconds(1));
        assertThat(introspector.introspect("token-3", Requirements.none())).isNotNull();
    }

    @Test
    void buildFailsClosedAndOverHttpToAnotherHost() {
        assertThatThrownBy(() -> TokenIntrospector.builder(ISSUER).endpoint(URI.create(wiremock.baseUrl() + PATH))
                .clientSecretBasic("a", "b").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("disableAudienceCheck");
        assertThatThrownBy(() -> TokenIntrospector.builder(ISSUER).endpoint(URI.create("http://idp.example.com/introspect"))
                .clientSecretBasic("a", "b").audience("x").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenIntrospector.builder(ISSUER).endpoint(URI.create(wiremock.baseUrl() + PATH))
                .audience("x").build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("clientSecretBasic");
    }

    @Test
    void againstTheReferenceIssuerARealTokenIntrospectsForItsAudience() {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start()) {
            RealmHandle demo = issuer.realm("demo");
            String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
            TokenIntrospector introspector = TokenIntrospector.builder(demo.issuerUrl())
                    .endpoint(demo.introspectionEndpoint()).clientSecretBasic("service-b", "b-secret").audience("service-b").build();
            VerifiedToken verified = introspector.introspect(token, Requirements.none());
            assertThat(verified.subject()).contains(demo.subjectOf("alice"));
            assertThat(verified.audiences()).contains("service-b");
            assertThat(verified.authorizedParty()).contains("service-a");
            // the same token is not for service-c: its audience rule refuses the answer whatever the issuer says
            TokenIntrospector forC = TokenIntrospector.builder(demo.issuerUrl())
                    .endpoint(demo.introspectionEndpoint()).clientSecretBasic("service-c", "c-secret").audience("service-c").build();
            assertThat(reason(() -> forC.introspect(token, Requirements.none()))).isIn(Reason.AUDIENCE_MISMATCH, Reason.INACTIVE);
        }
    }

    private ProtectedResource frontDoor(IntrospectionMode mode) {
        TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience("orders-api")
                .jwks(TestKeys.jwks(TestKeys.RSA)).clock(clock).build();
        return ProtectedResource.builder(validator).introspection(builder().build(), mode).build();
    }

    private static Outcome authenticate(ProtectedResource resource, String token) {
        return resource.authenticate(ResourceRequest.builder().method("GET").path("/orders").authorization("Bearer " + token).build());
    }

    @Test
    void theFrontDoorIntrospectsOpaqueTokensAndValidatesJwtsLocally() {
        answer(okJson(active("")));
        ProtectedResource resource = frontDoor(IntrospectionMode.OPAQUE_TOKENS);
        Outcome opaque = authenticate(resource, "opaque-token-123");
        assertThat(opaque.isAccepted()).isTrue();
        assertThat(opaque.accepted().token().subject()).contains("alice");
        Outcome jwt = authenticate(resource, TestTokens.valid(clock).sign());
        assertThat(jwt.isAccepted()).isTrue();
        assertThat(calls()).isEqualTo(1);
        assertThat(authenticate(resource, "a.b.c.d.e").refused().refusal().code()).isEqualTo("malformed");
    }

    @Test
    void inJwtThenIntrospectModeARevokedJwtIsRefusedBeforeItExpires() {
        answer(okJson("{\"active\":false}"));
        ProtectedResource resource = frontDoor(IntrospectionMode.JWT_THEN_INTROSPECT);
        Outcome revoked = authenticate(resource, TestTokens.valid(clock).sign());
        assertThat(revoked.isRefused()).isTrue();
        assertThat(revoked.refused().refusal().code()).isEqualTo("inactive");
        assertThat(revoked.refused().answer().status()).isEqualTo(401);
    }

    @Test
    void anIntrospectionOutageIsAnswered503ByTheFrontDoor() {
        answer(aResponse().withStatus(503));
        Outcome outcome = authenticate(frontDoor(IntrospectionMode.EVERY_TOKEN), "opaque");
        assertThat(outcome.refused().answer().status()).isEqualTo(503);
        assertThat(outcome.refused().answer().header("Retry-After")).isNotNull();
    }
}
