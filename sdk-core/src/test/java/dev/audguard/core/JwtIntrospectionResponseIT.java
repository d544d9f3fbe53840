package dev.audguard.core;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.audguard.core.Refused.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RFC 9701 JWT introspection answers: each check of a signed answer has a test that fails without
 * it (WireMock answers crafted JWTs signed with real keys), and the whole path runs against the
 * reference issuer, which answers RFC 9701 JWTs to a client with {@code introspection.signed.response.alg}
 * and plain JSON otherwise, as Keycloak 26 does.
 */
class JwtIntrospectionResponseIT {
    private static final String REALM_PATH = "/realms/demo";
    private static final String PATH = REALM_PATH + "/protocol/openid-connect/token/introspect";
    private static final String OIDC = REALM_PATH + "/.well-known/openid-configuration";
    private static final String MEDIA_TYPE = "application/token-introspection+jwt";

    private final MutableClock clock = MutableClock.atDefaultStart();
    private WireMockServer wiremock;
    private String issuer;
    private TokenValidator validator;

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
        issuer = wiremock.baseUrl() + REALM_PATH;
        validator = TokenValidator.builder().issuer(issuer).audience("orders-api").jwks(TestKeys.jwks(TestKeys.RSA, TestKeys.EC))
                .clock(clock).build();
    }

    @AfterEach
    void stop() {
        wiremock.stop();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    /** The RFC 7662 members of an active answer for orders-api. */
    private Map<String, Object> members() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", true);
        m.put("iss", issuer);
        m.put("aud", "orders-api");
        m.put("sub", "alice");
        m.put("client_id", "web");
        m.put("scope", "orders:read");
        m.put("token_type", "Bearer");
        m.put("exp", now() + 300);
        return m;
    }

    /** A well-formed RFC 9701 answer's claims, for a test to spoil one of. */
    private Map<String, Object> claims(Map<String, Object> members) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", issuer);
        c.put("aud", "orders-api");
        c.put("iat", now());
        c.put("token_introspection", members);
        return c;
    }

    private static String sign(JWK key, JWSHeader.Builder header, Map<String, Object> claims) {
        try {
            JWSObject jws = new JWSObject(header.build(), new Payload(claims));
            jws.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
            return jws.serialize();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JWSHeader.Builder header(JWSAlgorithm alg, String kid) {
        return new JWSHeader.Builder(alg).type(new JOSEObjectType("token-introspection+jwt")).keyID(kid);
    }

    private String good() {
        return sign(TestKeys.RSA, header(JWSAlgorithm.RS256, "rsa-1"), claims(members()));
    }

    private void answerJwt(String body) {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", MEDIA_TYPE).withBody(body)));
    }

    private TokenIntrospector.Builder builder() {
        return TokenIntrospector.builder(issuer).endpoint(URI.create(wiremock.baseUrl() + PATH))
                .clientSecretBasic("orders-api", "orders-secret").audience("orders-api").clock(clock);
    }

    private TokenIntrospector requiring() {
        return builder().requireJwtResponses(validator).build();
    }

    /** The answer is refused 503 introspection_answer_rejected and the health names {@code problem}. */
    private void refusedFor(String body, String problem) {
        answerJwt(body);
        TokenIntrospector introspector = requiring();
        assertThat(reason(() -> introspector.introspect("opaque-1", Requirements.none()))).isEqualTo(Reason.INTROSPECTION_ANSWER_REJECTED);
        IntrospectionHealth health = introspector.health();
        assertThat(health.status()).isEqualTo(IntrospectionHealth.Status.DOWN);
        assertThat(health.lastProblem()).contains(problem);
    }

    // ---- what a good answer gives

    @Test
    void aSignedAnswerVerifiedWithTheValidatorsKeysBecomesAVerifiedToken() {
        answerJwt(good());
        VerifiedToken token = requiring().introspect("opaque-1", Requirements.none());
        assertThat(token.subject()).contains("alice");
        assertThat(token.audiences()).containsExactly("orders-api");
        assertThat(token.scopes()).containsExactly("orders:read");
        wiremock.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Accept", equalTo(MEDIA_TYPE)));
        assertThat(Refusal.of(Reason.INTROSPECTION_ANSWER_REJECTED).status()).isEqualTo(503);
        assertThat(Reason.INTROSPECTION_ANSWER_REJECTED.isCallerFault()).isFalse();
    }

    @Test
    void theTypMayCarryTheApplicationPrefixAndEcKeysVerifyToo() {
        answerJwt(sign(TestKeys.EC, new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(MEDIA_TYPE)).keyID("ec-1"),
                claims(members())));
        assertThat(requiring().introspect("opaque-1", Requirements.none()).subject()).contains("alice");
    }

    @Test
    void aSignedInactiveAnswerIsInactive() {
        answerJwt(sign(TestKeys.RSA, header(JWSAlgorithm.RS256, "rsa-1"), claims(Map.of("active", false))));
        assertThat(reason(() -> requiring().introspect("opaque-1", Requirements.none()))).isEqualTo(Reason.INACTIVE);
    }

    @Test
    void theRfc7662PolicyStillAppliesToTheSignedMembers() {
        Map<String, Object> members = members();
        members.put("aud", "billing-api");
        answerJwt(sign(TestKeys.RSA, header(JWSAlgorithm.RS256, "rsa-1"), claims(members)));
        assertThat(reason(() -> requiring().introspect("opaque-1", Requirements.none()))).isEqualTo(Reason.AUDIENCE_MISMATCH);
    }

    // ---- one test per check

    @Test
    void aPlainJsonAnswerWhenJwtWasRequiredIsRefused() {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"active\":true,\"aud\":\"orders-api\",\"exp\":" + (now() + 300) + "}")));
        TokenIntrospector introspector = requiring();
        assertThat(reason(() -> introspector.introspect("opaque-1", Requirements.none()))).isEqualTo(Reason.INTROSPECTION_ANSWER_REJECTED);
        assertThat(introspector.health().lastProblem()).contains("jwt_answer_expected");
    }

    @Test
    void aSignedAnswerUnderAnotherContentTypeIsRefused() {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/jwt")
                .withBody(good())));
        TokenIntrospector introspector = requiring();
        assertThat(reason(() -> introspector.introspect("opaque-1", Requirements.none()))).isEqualTo(Reason.INTROSPECTION_ANSWER_REJECTED);
        assertThat(introspector.health().lastProblem()).contains("jwt_answer_expected");
    }

    @Test
    void aWrongTypIsRefused() {
        refusedFor(sign(TestKeys.RSA, new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID("rsa-1"),
                claims(members())), "jwt_answer_wrong_type");
    }

    @Test
    void aMissingTypIsRefused() {
        refusedFor(sign(TestKeys.RSA, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1"), claims(members())), "jwt_answer_wrong_type");
    }

    @Test
    void anAlgorithmTheValidatorDoesNotAllowIsRefused() {
        validator = TokenValidator.builder().issuer(issuer).audience("orders-api").algorithms("RS256").jwks(TestKeys.jwks(TestKeys.RSA))
                .clock(clock).build();
        refusedFor(sign(TestKeys.RSA, header(JWSAlgorithm.PS256, "rsa-1"), claims(members())), "jwt_answer_algorithm_not_allowed");
    }

    @Test
    void anHmacAnswerKeyedWithThePublicKeyIsRefused() throws Exception {
        JWSObject jws = new JWSObject(header(JWSAlgorithm.HS256, "rsa-1").build(), new Payload(claims(members())));
        jws.sign(new MACSigner(TestKeys.RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        refusedFor(jws.serialize(), "jwt_answer_algorithm_not_allowed");
    }

    @Test
    void anAnswerSignedByAKeyTheValidatorDoesNotHoldIsRefused() {
        refusedFor(sign(TestKeys.RSA_2, header(JWSAlgorithm.RS256, "rsa-2"), claims(members())), "jwt_answer_unknown_key");
    }

    @Test
    void aForgedSignatureUnderTheRightKidIsRefused() {
        refusedFor(sign(TestKeys.ATTACKER, header(JWSAlgorithm.RS256, "rsa-1"), claims(members())), "jwt_answer_bad_signature");
    }

    @Test
    void aKeyEmbeddedInTheAnswerIsNeverUsed() {
        // signed by the attacker's key, which the header carries: the validator's own key is the only one tried
        String forged = sign(TestKeys.ATTACKER, new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("token-introspection+jwt"))
                .jwk(TestKeys.ATTACKER.toPublicJWK()), claims(members()));
        validator = TokenValidator.builder().issuer(issuer).audience("orders-api").jwks(TestKeys.jwks(TestKeys.RSA)).clock(clock).build();
        refusedFor(forged, "jwt_answer_bad_signature");
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String[] parts = good().split("\\.");
        Map<String, Object> members = members();
        members.put("aud", List.of("orders-api", "admin-api"));
        String payload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new Payload(claims(members)).toString().getBytes(StandardCharsets.UTF_8));
        refusedFor(parts[0] + "." + payload + "." + parts[2], "jwt_answer_bad_signature");
    }

    @Test
    void anotherIssuerIsRefused() {
        Map<String, Object> claims = claims(members());
        claims.put("iss", "https://evil.example.com/realms/demo");
        refusedFor(sign(TestKeys.RSA, header(JWSAlgorithm.RS256, "rsa-1"), claims), "jwt_answer_wrong_issuer");
    }

    @Test
    void anAnswerForAnotherClientIsRefused() {
        Map<String, Object> claims = claims(members());
        claims.put("aud", List.of("billing-api"));
        refusedFor(sign(TestKeys.RSA, header(JWSAlgorithm.RS256, "rsa-1"), claims), "jwt_answer_wrong_audience");
    }

    @Test
    void aStaleAnswerIsRefused() {
        Map<String, Object> claims = claims(members());
        claims.put("iat", now() - 61);
        refusedFor(sign(TestKeys.RSA, header(JWSAlgorithm.RS256, "rsa-1"), claims), "jwt_answer_stale");
    }

    @Test
    void anAnswerIssuedInTheFutureIsRefused() {
        Map<String, Object> claims = claims(members());
        claims.put("iat", now() + 61);
        refusedFor(sign(TestKeys.RSA, header(JWSAlgorithm.RS256, "rsa-1"), claims), "jwt_answer_issued_in_future");
    }

    @Test
    void anAnswerWithoutIatOrWithoutTheMembersIsRefused() {
        Map<String, Object> noIat = claims(members());
        noIat.remove("iat");
        refusedFor(sign(TestKeys.RSA, header(JWSAlgorithm.RS256, "rsa-1"), noIat), "jwt_answer_malformed");
        Map<String, Object> noMembers = claims(members());
        noMembers.put("token_introspection", "active");
        refusedFor(sign(TestKeys.RSA, header(JWSAlgorithm.RS256, "rsa-1"), noMembers), "jwt_answer_malformed");
    }

    @Test
    void aRefusedAnswerIsNotCachedSoServiceResumesWithTheIssuer() {
        answerJwt(sign(TestKeys.ATTACKER, header(JWSAlgorithm.RS256, "rsa-1"), claims(members())));
        TokenIntrospector introspector = requiring();
        assertThat(reason(() -> introspector.introspect("opaque-1", Requirements.none()))).isEqualTo(Reason.INTROSPECTION_ANSWER_REJECTED);
        answerJwt(good());
        assertThat(introspector.introspect("opaque-1", Requirements.none()).subject()).contains("alice");
        assertThat(introspector.health().status()).isEqualTo(IntrospectionHealth.Status.UP);
    }

    @Test
    void theFrontDoorAnswersARefusedSignedAnswer503WithRetryAfter() {
        answerJwt(sign(TestKeys.ATTACKER, header(JWSAlgorithm.RS256, "rsa-1"), claims(members())));
        ProtectedResource resource = ProtectedResource.builder(validator).introspection(requiring(), IntrospectionMode.EVERY_TOKEN).build();
        Outcome outcome = resource.authenticate(ResourceRequest.builder().method("GET").path("/orders")
                .authorization("Bearer opaque-1").build());
        assertThat(outcome.refused().refusal().code()).isEqualTo("introspection_answer_rejected");
        assertThat(outcome.refused().answer().status()).isEqualTo(503);
        assertThat(outcome.refused().answer().header("Retry-After")).isNotNull();
    }

    // ---- offered by discovery

    private void metadata(String extra) {
        wiremock.stubFor(get(urlEqualTo(OIDC)).willReturn(okJson("{\"issuer\":\"" + issuer + "\",\"introspection_endpoint\":\""
                + wiremock.baseUrl() + PATH + "\"" + extra + "}")));
    }

    private TokenIntrospector whenOffered() {
        return TokenIntrospector.builder(issuer).discoverEndpoint().clientSecretBasic("orders-api", "orders-secret")
                .audience("orders-api").clock(clock).jwtResponsesWhenOffered(validator).build();
    }

    @Test
    void whenTheIssuerOffersNoSignedAnswersPlainJsonIsAskedForAndAccepted() {
        metadata("");
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"active\":true,\"aud\":\"orders-api\",\"sub\":\"alice\",\"exp\":"
                + (now() + 300) + "}")));
        assertThat(whenOffered().introspect("opaque-1", Requirements.none()).subject()).contains("alice");
        wiremock.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void onceOfferedSignedAnswersAreRequiredSoPlainJsonCannotDowngrade() {
        metadata(",\"introspection_signing_alg_values_supported\":[\"RS256\"]");
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"active\":true,\"aud\":\"orders-api\",\"exp\":" + (now() + 300) + "}")));
        TokenIntrospector introspector = whenOffered();
        assertThat(reason(() -> introspector.introspect("opaque-1", Requirements.none()))).isEqualTo(Reason.INTROSPECTION_ANSWER_REJECTED);
        wiremock.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Accept", equalTo(MEDIA_TYPE)));
        answerJwt(good());
        assertThat(introspector.introspect("opaque-2", Requirements.none()).subject()).contains("alice");
    }

    @Test
    void theOfferedAlgorithmsNarrowTheValidatorsAllowlist() {
        metadata(",\"introspection_signing_alg_values_supported\":[\"ES256\"]");
        answerJwt(good());
        TokenIntrospector introspector = whenOffered();
        assertThat(reason(() -> introspector.introspect("opaque-1", Requirements.none()))).isEqualTo(Reason.INTROSPECTION_ANSWER_REJECTED);
        assertThat(introspector.health().lastProblem()).contains("jwt_answer_algorithm_not_allowed");
    }

    @Test
    void offeredAlgorithmsNoneOfWhichTheValidatorAcceptsFailClosed() {
        metadata(",\"introspection_signing_alg_values_supported\":[\"HS256\"]");
        answerJwt(good());
        TokenIntrospector introspector = whenOffered();
        assertThat(reason(() -> introspector.introspect("opaque-1", Requirements.none()))).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(introspector.health().lastProblem()).hasValueSatisfying(p -> assertThat(p).contains("introspection_signing_alg_values_supported"));
        assertThat(wiremock.findAll(postRequestedFor(urlEqualTo(PATH)))).isEmpty();
    }

    // ---- configuration

    @Test
    void theValidatorMustTrustTheIssuer() {
        TokenValidator other = TokenValidator.builder().issuer("https://other.example.com").audience("orders-api")
                .jwks(TestKeys.jwks(TestKeys.RSA)).build();
        assertThatThrownBy(() -> builder().requireJwtResponses(other).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not trust that issuer");
    }

    @Test
    void whenOfferedNeedsDiscoveryAndTheOptionIsSetOnce() {
        assertThatThrownBy(() -> builder().jwtResponsesWhenOffered(validator).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("discoverEndpoint()");
        assertThatThrownBy(() -> builder().requireJwtResponses(validator).jwtResponsesWhenOffered(validator))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set");
    }

    // ---- against the reference issuer

    /** The built-in demo realm with {@code attributes} on service-b. */
    @SuppressWarnings("unchecked")
    static Realm demoWith(Map<String, String> attributes) throws Exception {
        Map<String, Object> doc;
        try (java.io.InputStream in = JwtIntrospectionResponseIT.class.getClassLoader().getResourceAsStream(Realm.DEMO_RESOURCE)) {
            doc = com.nimbusds.jose.util.JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        for (Object c : (List<Object>) doc.get("clients")) {
            Map<String, Object> client = (Map<String, Object>) c;
            if ("service-b".equals(client.get("clientId"))) {
                ((Map<String, Object>) client.computeIfAbsent("attributes", k -> new LinkedHashMap<>())).putAll(attributes);
            }
        }
        return Realm.fromJson(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(doc));
    }

    @Test
    void theReferenceIssuersSignedAnswersVerifyWithTheValidatorsDiscoveredKeys() throws Exception {
        try (ReferenceIssuer reference = ReferenceIssuer.builder()
                .realm(demoWith(Map.of("introspection.signed.response.alg", "PS256"))).start()) {
            RealmHandle demo = reference.realm("demo");
            TokenValidator keys = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build();
            String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
            TokenIntrospector introspector = TokenIntrospector.builder(demo.issuerUrl()).discoverEndpoint()
                    .clientSecretBasic("service-b", "b-secret").audience("service-b").jwtResponsesWhenOffered(keys).build();

            VerifiedToken verified = introspector.introspect(token, Requirements.none());

            assertThat(verified.subject()).contains(demo.subjectOf("alice"));
            assertThat(verified.audiences()).contains("service-b");
            assertThat(introspector.health().status()).isEqualTo(IntrospectionHealth.Status.UP);
            // the same issuer, for a client it does not sign answers for: the JSON answer is refused
            TokenIntrospector forC = TokenIntrospector.builder(demo.issuerUrl()).endpoint(demo.introspectionEndpoint())
                    .clientSecretBasic("service-c", "c-secret").audience("service-c").requireJwtResponses(keys).build();
            assertThat(reason(() -> forC.introspect(token, Requirements.none()))).isEqualTo(Reason.INTROSPECTION_ANSWER_REJECTED);
            assertThat(forC.health().lastProblem()).contains("jwt_answer_expected");
        }
    }

    @Test
    void aKeycloakLikeIssuerWithoutSignedAnswersIsRefusedWhenTheyAreRequired() throws Exception {
        try (ReferenceIssuer reference = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start()) {
            RealmHandle demo = reference.realm("demo");
            TokenValidator keys = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build();
            String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
            TokenIntrospector introspector = TokenIntrospector.builder(demo.issuerUrl()).endpoint(demo.introspectionEndpoint())
                    .clientSecretBasic("service-b", "b-secret").audience("service-b").requireJwtResponses(keys).build();
            assertThat(reason(() -> introspector.introspect(token, Requirements.none()))).isEqualTo(Reason.INTROSPECTION_ANSWER_REJECTED);
            assertThat(introspector.health().lastProblem()).contains("jwt_answer_expected");
            // and with the answers offered only when discovery says so, Keycloak's plain JSON is accepted
            TokenIntrospector whenOffered = TokenIntrospector.builder(demo.issuerUrl()).discoverEndpoint()
                    .clientSecretBasic("service-b", "b-secret").audience("service-b").jwtResponsesWhenOffered(keys).build();
            assertThat(whenOffered.introspect(token, Requirements.none()).subject()).contains(demo.subjectOf("alice"));
        }
    }

    @Test
    void aStaleSignedAnswerFromTheReferenceIssuerIsRefused() throws Exception {
        MutableClock issuerClock = MutableClock.atDefaultStart();
        try (ReferenceIssuer reference = ReferenceIssuer.builder().clock(issuerClock)
                .realm(demoWith(Map.of("introspection.signed.response.alg", "RS256"))).start()) {
            RealmHandle demo = reference.realm("demo");
            String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
            // the resource server's clock is 2 minutes ahead of the issuer's: the answer's iat is older than the 60 s skew
            clock.advance(Duration.ofMinutes(2));
            TokenValidator keys = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").clock(clock).build();
            TokenIntrospector introspector = TokenIntrospector.builder(demo.issuerUrl()).endpoint(demo.introspectionEndpoint())
                    .clientSecretBasic("service-b", "b-secret").audience("service-b").clock(clock).requireJwtResponses(keys).build();
            assertThat(reason(() -> introspector.introspect(token, Requirements.none()))).isEqualTo(Reason.INTROSPECTION_ANSWER_REJECTED);
            assertThat(introspector.health().lastProblem()).contains("jwt_answer_stale");
        }
    }
}
