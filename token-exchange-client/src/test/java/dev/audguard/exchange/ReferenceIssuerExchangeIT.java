package dev.audguard.exchange;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.TokenExchangeException.Category;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Exchanges against the reference issuer over real HTTP: the token Keycloak's rules produce is the
 * one a downstream service accepts, and every exchange rule of the issuer surfaces as the right
 * {@link Category}.
 */
class ReferenceIssuerExchangeIT {

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static ReferenceIssuer strict;
    private static ReferenceIssuer shop;
    private static RSAKey gatewayKey;
    private static ECKey batchKey;

    @BeforeAll
    static void startOthers() throws Exception {
        strict = ReferenceIssuer.builder().realm(Realm.builtInDemo()).strictRfc8693().start();
        gatewayKey = new RSAKeyGenerator(2048).keyID("gateway-1").generate();
        batchKey = new ECKeyGenerator(Curve.P_256).keyID("batch-1").generate();
        shop = ReferenceIssuer.builder().realm(Realm.builder("shop")
                .client("web", c -> c.secret("web-secret").directAccessGrants().audienceMapper("gateway").audienceMapper("batch"))
                .client("gateway", c -> c.serviceAccount().standardTokenExchange().audienceMapper("orders")
                        .signedJwtWithJwks(new JWKSet(gatewayKey.toPublicJWK()).toString()))
                .client("batch", c -> c.serviceAccount().standardTokenExchange().audienceMapper("orders")
                        .signedJwtWithJwks(new JWKSet(batchKey.toPublicJWK()).toString()))
                .client("orders", c -> c.bearerOnly())
                .user("carol", u -> u.password("carol"))
                .build()).start();
    }

    @AfterAll
    static void stopOthers() {
        strict.close();
        shop.close();
    }

    private static RealmHandle demo() {
        return issuer.realm("demo");
    }

    /** alice's token from service-a, as service-b receives it (aud service-b), verified as service-b verifies it. */
    static VerifiedToken aliceAtServiceB(RealmHandle realm) {
        String raw = realm.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        return TokenValidator.builder().issuer(realm.issuerUrl()).audience("service-b").build().validate(raw);
    }

    private static TokenExchangeClient serviceB(UnaryOperator<TokenExchangeClient.Builder> options) {
        return options.apply(TokenExchangeClient.builder().issuer(demo().issuerUrl()).clientSecret("service-b", "b-secret")).build();
    }

    private static TokenValidator serviceC(RealmHandle realm) {
        return TokenValidator.builder().issuer(realm.issuerUrl()).audience("service-c").build();
    }

    @Test
    void exchangesAlicesTokenForOneServiceCAccepts() {
        VerifiedToken subject = aliceAtServiceB(demo());
        TokenExchangeClient client = serviceB(b -> b);

        ExchangedToken exchanged = client.exchange(ExchangeRequest.forSubject(subject).audience("service-c").build());

        VerifiedToken atC = serviceC(demo()).validate(exchanged.accessToken());
        assertThat(atC.audiences()).containsExactly("service-c");
        assertThat(atC.subject()).isEqualTo(subject.subject());
        assertThat(atC.authorizedParty()).contains("service-b");
        assertThat(exchanged.isBearer()).isTrue();
        assertThat(exchanged.issuedTokenType()).isEqualTo(TokenTypes.ACCESS_TOKEN);
        assertThat(exchanged.expiresAt()).isAfter(Instant.now().plusSeconds(200)).isBefore(Instant.now().plusSeconds(301));
        assertThat(exchanged.authorizationHeaderValue()).isEqualTo("Bearer " + exchanged.accessToken());
        // the subject token itself would not pass at service C: that is why it is exchanged
        assertThatThrownBy(() -> serviceC(demo()).validate(subject.rawToken()))
                .isInstanceOf(dev.audguard.core.TokenValidationException.class);
    }

    @Test
    void exchangesWithAFixedTokenEndpointAndClientSecretPost() {
        TokenExchangeClient client = TokenExchangeClient.builder().tokenEndpoint(demo().tokenEndpoint())
                .clientSecretPost("service-b", "b-secret").build();

        ExchangedToken exchanged = client.exchange(ExchangeRequest.forSubject(aliceAtServiceB(demo())).audience("service-c").build());

        assertThat(serviceC(demo()).validate(exchanged.accessToken()).audiences()).containsExactly("service-c");
    }

    @Test
    void readsTheGrantedScopeBack() {
        TokenExchangeClient client = serviceB(b -> b);

        ExchangedToken exchanged = client.exchange(ExchangeRequest.forSubject(aliceAtServiceB(demo()))
                .audience("good-service").scope("good-service").build());

        assertThat(exchanged.scopes()).contains("good-service", "profile", "email");
        assertThat(TokenValidator.builder().issuer(demo().issuerUrl()).audience("good-service").build()
                .validate(exchanged.accessToken()).audiences()).containsExactly("good-service");
    }

    @Test
    void privateKeyJwtWithAnRsaKeyAddressedToTheIssuer() throws Exception {
        RealmHandle realm = shop.realm("shop");
        TokenExchangeClient client = TokenExchangeClient.builder().issuer(realm.issuerUrl())
                .privateKeyJwt("gateway", gatewayKey.toRSAPrivateKey(), "gateway-1", "RS256").build();
        String carol = realm.passwordGrant("web", "web-secret", "carol", "carol").accessToken();

        ExchangedToken first = client.exchange(ExchangeRequest.forSubject(carol).audience("orders").build());
        ExchangedToken second = TokenExchangeClient.builder().issuer(realm.issuerUrl())
                .privateKeyJwt("gateway", gatewayKey.toRSAPrivateKey(), "gateway-1", "RS256").build()
                .exchange(ExchangeRequest.forSubject(carol).audience("orders").build());

        TokenValidator orders = TokenValidator.builder().issuer(realm.issuerUrl()).audience("orders").build();
        assertThat(orders.validate(first.accessToken()).authorizedParty()).contains("gateway");
        // a fresh jti per request: the issuer refuses a reused assertion
        assertThat(orders.validate(second.accessToken()).authorizedParty()).contains("gateway");
    }

    @Test
    void privateKeyJwtWithAnEcJwkAddressedToTheTokenEndpoint() {
        RealmHandle realm = shop.realm("shop");
        TokenExchangeClient client = TokenExchangeClient.builder().tokenEndpoint(realm.tokenEndpoint())
                .privateKeyJwt("batch", batchKey.toJSONString()).build();
        String carol = realm.passwordGrant("web", "web-secret", "carol", "carol").accessToken();

        ExchangedToken exchanged = client.exchange(ExchangeRequest.forSubject(carol).audience("orders").build());

        assertThat(TokenValidator.builder().issuer(realm.issuerUrl()).audience("orders").build()
                .validate(exchanged.accessToken()).authorizedParty()).contains("batch");
    }

    @Test
    void privateKeyJwtSignedWithAnotherKeyIsAConfigurationProblem() throws Exception {
        RealmHandle realm = shop.realm("shop");
        RSAKey other = new RSAKeyGenerator(2048).keyID("gateway-1").generate();
        TokenExchangeClient client = TokenExchangeClient.builder().issuer(realm.issuerUrl())
                .privateKeyJwt("gateway", other.toRSAPrivateKey(), "gateway-1", "RS256").build();
        String carol = realm.passwordGrant("web", "web-secret", "carol", "carol").accessToken();

        assertThat(categoryOf(() -> client.exchange(ExchangeRequest.forSubject(carol).audience("orders").build())))
                .isEqualTo(Category.CONFIGURATION);
    }

    @Test
    void delegationSendsTheActorTokenAndGetsAnActClaim() {
        RealmHandle realm = demo();
        String actor = realm.clientCredentials("service-b", "b-secret").accessToken();
        String subject = realm.mint().subject("alice").asIssuedTo("service-a").claim("may_act", Map.of("azp", "service-b")).sign();
        TokenExchangeClient client = serviceB(b -> b);

        ExchangedToken delegated = client.exchange(ExchangeRequest.forSubject(subject).audience("service-c")
                .actorToken(actor, TokenTypes.ACCESS_TOKEN).build());
        ExchangedToken plain = client.exchange(ExchangeRequest.forSubject(subject).audience("service-c").build());

        assertThat(serviceC(realm).validate(delegated.accessToken()).claim("act")).isPresent();
        // the actor token is part of the cache key: without it, another token
        assertThat(serviceC(realm).validate(plain.accessToken()).claim("act")).isEmpty();
    }

    // ---- every exchange rule of the issuer, and the category it surfaces as

    @Test
    void aWrongClientSecretIsAConfigurationProblem() {
        TokenExchangeClient client = TokenExchangeClient.builder().issuer(demo().issuerUrl())
                .clientSecret("service-b", "not-the-secret").build();

        TokenExchangeException e = failure(client, ExchangeRequest.forSubject(aliceAtServiceB(demo())).audience("service-c").build());

        assertThat(e.category()).isEqualTo(Category.CONFIGURATION);
        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.issuerStatus()).hasValue(401);
    }

    @Test
    void aClientWithoutTokenExchangeIsAConfigurationProblem() {
        TokenExchangeClient client = TokenExchangeClient.builder().issuer(demo().issuerUrl()).clientSecret("service-c", "c-secret").build();

        TokenExchangeException e = failure(client, ExchangeRequest.forSubject(aliceAtServiceB(demo())).audience("service-b").build());

        assertThat(e.category()).isEqualTo(Category.CONFIGURATION);
        assertThat(e.issuerError()).contains("invalid_request");
        assertThat(e.issuerErrorDescription()).contains("Standard token exchange is not enabled for the requested client");
    }

    @Test
    void anUnknownAudienceIsAConfigurationProblemInKeycloaksAndRfc8693sWords() {
        TokenExchangeException keycloak = failure(serviceB(b -> b),
                ExchangeRequest.forSubject(aliceAtServiceB(demo())).audience("no-such-service").build());
        RealmHandle strictDemo = strict.realm("demo");
        TokenExchangeException rfc = failure(TokenExchangeClient.builder().issuer(strictDemo.issuerUrl())
                        .clientSecret("service-b", "b-secret").build(),
                ExchangeRequest.forSubject(aliceAtServiceB(strictDemo)).audience("no-such-service").build());

        assertThat(keycloak.category()).isEqualTo(Category.CONFIGURATION);
        assertThat(keycloak.issuerError()).contains("invalid_client");
        assertThat(rfc.category()).isEqualTo(Category.CONFIGURATION);
        assertThat(rfc.issuerError()).contains("invalid_target");
    }

    @Test
    void anAudienceTheClientCannotGetIsAConfigurationProblem() {
        TokenExchangeException e = failure(serviceB(b -> b),
                ExchangeRequest.forSubject(aliceAtServiceB(demo())).audience("reports-api").build());

        assertThat(e.category()).isEqualTo(Category.CONFIGURATION);
        assertThat(e.issuerErrorDescription()).contains("Requested audience not available: reports-api");
    }

    @Test
    void aClientOutsideTheSubjectTokensAudienceIsAConfigurationProblem() {
        TokenExchangeClient serviceX = TokenExchangeClient.builder().issuer(demo().issuerUrl()).clientSecret("service-x", "x-secret").build();

        TokenExchangeException e = failure(serviceX, ExchangeRequest.forSubject(aliceAtServiceB(demo())).audience("service-c").build());

        assertThat(e.category()).isEqualTo(Category.CONFIGURATION);
        assertThat(e.issuerError()).contains("access_denied");
    }

    @Test
    void anUnknownScopeIsAConfigurationProblem() {
        TokenExchangeException e = failure(serviceB(b -> b),
                ExchangeRequest.forSubject(aliceAtServiceB(demo())).audience("service-c").scope("no-such-scope").build());

        assertThat(e.category()).isEqualTo(Category.CONFIGURATION);
        assertThat(e.issuerError()).contains("invalid_scope");
    }

    @Test
    void anUnsupportedRequestedTokenTypeIsAConfigurationProblem() {
        TokenExchangeException e = failure(serviceB(b -> b), ExchangeRequest.forSubject(aliceAtServiceB(demo()))
                .audience("service-c").requestedTokenType(TokenTypes.REFRESH_TOKEN).build());

        assertThat(e.category()).isEqualTo(Category.CONFIGURATION);
    }

    @Test
    void anUnsupportedSubjectTokenTypeIsAConfigurationProblem() {
        String raw = aliceAtServiceB(demo()).rawToken();

        TokenExchangeException e = failure(serviceB(b -> b),
                ExchangeRequest.forSubject(SubjectToken.of(raw, TokenTypes.ID_TOKEN)).audience("service-c").build());

        assertThat(e.category()).isEqualTo(Category.CONFIGURATION);
        assertThat(e.issuerErrorDescription()).contains("Parameter 'subject_token' supports access tokens only");
    }

    @Test
    void aForgedSubjectTokenIsTheCallersProblem() {
        String forged = demo().mint().subject("alice").asIssuedTo("service-a").signedWithUnknownKey().sign();

        TokenExchangeException e = failure(serviceB(b -> b), ExchangeRequest.forSubject(forged).audience("service-c").build());

        assertThat(e.category()).isEqualTo(Category.SUBJECT_TOKEN_REJECTED);
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.issuerErrorDescription()).contains("Invalid token");
    }

    @Test
    void anExpiredSubjectTokenIsTheCallersProblem() {
        String expired = demo().mint().subject("alice").asIssuedTo("service-a").expiresAt(Instant.now().minusSeconds(120)).sign();

        TokenExchangeException e = failure(serviceB(b -> b), ExchangeRequest.forSubject(expired).audience("service-c").build());

        assertThat(e.category()).isEqualTo(Category.SUBJECT_TOKEN_REJECTED);
    }

    @Test
    void anIdTokenPresentedAsAnAccessTokenIsTheCallersProblem() {
        String idToken = demo().mint().subject("alice").asIssuedTo("service-a").type("ID").sign();

        TokenExchangeException e = failure(serviceB(b -> b), ExchangeRequest.forSubject(idToken).audience("service-c").build());

        assertThat(e.category()).isEqualTo(Category.SUBJECT_TOKEN_REJECTED);
    }

    @Test
    void aTokenEndpointFailingTwiceIsRetriedAndRecovers() {
        RecordingListener events = new RecordingListener();
        RecordingScheduler scheduler = new RecordingScheduler();
        TokenExchangeClient client = serviceB(b -> b.listener(events).retryScheduler(scheduler));
        VerifiedToken subject = aliceAtServiceB(demo());
        demo().faults().token(Fault.status(503).times(2));

        ExchangedToken exchanged = client.exchange(ExchangeRequest.forSubject(subject).audience("service-c").build());

        assertThat(serviceC(demo()).validate(exchanged.accessToken()).audiences()).containsExactly("service-c");
        assertThat(events.sent).hasValue(3);
        assertThat(scheduler.delays).hasSize(2);
    }

    @Test
    void aTokenEndpointThatIsDownMakesTheIssuerUnavailable() {
        RecordingScheduler scheduler = new RecordingScheduler();
        TokenExchangeClient client = serviceB(b -> b.retryScheduler(scheduler).requestTimeout(Duration.ofSeconds(2)));
        VerifiedToken subject = aliceAtServiceB(demo());
        demo().faults().token(Fault.down());

        TokenExchangeException e = failure(client, ExchangeRequest.forSubject(subject).audience("service-c").build());

        assertThat(e.category()).isEqualTo(Category.ISSUER_UNAVAILABLE);
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(scheduler.delays).hasSize(2);
    }

    @Test
    void aTokenEndpointAnsweringGarbageIsAnInvalidResponseAndNotRetried() {
        RecordingListener events = new RecordingListener();
        TokenExchangeClient client = serviceB(b -> b.listener(events));
        VerifiedToken subject = aliceAtServiceB(demo());
        demo().faults().token(Fault.garbage());

        TokenExchangeException e = failure(client, ExchangeRequest.forSubject(subject).audience("service-c").build());

        assertThat(e.category()).isEqualTo(Category.INVALID_RESPONSE);
        assertThat(events.sent).hasValue(1);
    }

    @Test
    void discoveryThatFailsIsNotRememberedTheNextExchangeDiscoversAgain() {
        RecordingScheduler scheduler = new RecordingScheduler();
        TokenExchangeClient client = serviceB(b -> b.retryScheduler(scheduler));
        VerifiedToken subject = aliceAtServiceB(demo());
        demo().faults().discovery(Fault.status(500));
        ExchangeRequest request = ExchangeRequest.forSubject(subject).audience("service-c").build();

        assertThat(failure(client, request).category()).isEqualTo(Category.ISSUER_UNAVAILABLE);
        demo().faults().clear();

        assertThat(serviceC(demo()).validate(client.exchange(request).accessToken()).audiences()).containsExactly("service-c");
    }

    static TokenExchangeException failure(TokenExchangeClient client, ExchangeRequest request) {
        TokenExchangeException e = catchThrowableOfType(TokenExchangeException.class, () -> client.exchange(request));
        assertThat(e).as("the exchange should have failed").isNotNull();
        assertThat(e.getMessage()).doesNotContain(request.subject().rawToken());
        return e;
    }

    private static Category categoryOf(Runnable exchange) {
        TokenExchangeException e = catchThrowableOfType(TokenExchangeException.class, exchange::run);
        assertThat(e).as("the exchange should have failed").isNotNull();
        return e.category();
    }
}
