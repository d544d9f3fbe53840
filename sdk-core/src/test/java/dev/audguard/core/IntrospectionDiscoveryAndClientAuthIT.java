package dev.audguard.core;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.testsupport.AllAtOnce;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.audguard.core.Refused.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Introspection endpoint discovery (OpenID Connect / RFC 8414 metadata), {@code private_key_jwt}
 * client authentication, health and listener, over real HTTP (WireMock and the reference issuer).
 */
class IntrospectionDiscoveryAndClientAuthIT {
    private static final String REALM_PATH = "/realms/demo";
    private static final String OIDC = REALM_PATH + "/.well-known/openid-configuration";
    private static final String RFC8414 = "/.well-known/oauth-authorization-server" + REALM_PATH;
    private static final String INTROSPECT = REALM_PATH + "/protocol/openid-connect/token/introspect";

    private static RSAKey rsa;
    private static ECKey ec;

    private final MutableClock clock = MutableClock.atDefaultStart();
    private final AtomicLong nanos = new AtomicLong();
    private WireMockServer wiremock;
    private String issuer;

    @BeforeAll
    static void keys() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("orders-rsa").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("orders-ec").generate();
    }

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
        issuer = wiremock.baseUrl() + REALM_PATH;
    }

    @AfterEach
    void stop() {
        wiremock.stop();
    }

    private String metadata(String issuerValue, boolean withEndpoint) {
        return "{\"issuer\":\"" + issuerValue + "\",\"jwks_uri\":\"" + issuer + "/certs\""
                + (withEndpoint ? ",\"introspection_endpoint\":\"" + wiremock.baseUrl() + INTROSPECT + "\"" : "") + "}";
    }

    private String active() {
        return "{\"active\":true,\"iss\":\"" + issuer + "\",\"aud\":\"orders-api\",\"sub\":\"alice\",\"client_id\":\"web\","
                + "\"scope\":\"orders:read\",\"token_type\":\"Bearer\",\"exp\":" + (clock.instant().getEpochSecond() + 300) + "}";
    }

    private TokenIntrospector.Builder discovering() {
        return TokenIntrospector.builder(issuer).discoverEndpoint().clientSecretBasic("orders-api", "orders-secret")
                .audience("orders-api").clock(clock).ticker(nanos::get);
    }

    private int gets(String path) {
        return wiremock.findAll(getRequestedFor(urlEqualTo(path))).size();
    }

    private int introspections() {
        return wiremock.findAll(postRequestedFor(urlEqualTo(INTROSPECT))).size();
    }

    private static Map<String, String> form(LoggedRequest request) {
        return Arrays.stream(request.getBodyAsString().split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8), (a, b) -> a, LinkedHashMap::new));
    }

    // ---- discovery

    @Test
    void theEndpointIsDiscoveredOnceFromTheOpenIdConfiguration() {
        wiremock.stubFor(get(urlEqualTo(OIDC)).willReturn(okJson(metadata(issuer, true))));
        wiremock.stubFor(post(urlEqualTo(INTROSPECT)).willReturn(okJson(active())));
        TokenIntrospector introspector = discovering().maxCacheLifetime(Duration.ZERO).build();
        assertThat(introspector.health().endpoint()).isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(introspector.introspect("opaque-" + i, Requirements.none()).subject()).contains("alice");
        }
        assertThat(gets(OIDC)).isEqualTo(1);
        assertThat(introspections()).isEqualTo(3);
        assertThat(introspector.health().endpoint()).contains(wiremock.baseUrl() + INTROSPECT);
    }

    @Test
    void withoutOpenIdConfigurationTheRfc8414MetadataIsUsed() {
        wiremock.stubFor(get(urlEqualTo(OIDC)).willReturn(aResponse().withStatus(404)));
        wiremock.stubFor(get(urlEqualTo(RFC8414)).willReturn(okJson(metadata(issuer, true))));
        wiremock.stubFor(post(urlEqualTo(INTROSPECT)).willReturn(okJson(active())));
        assertThat(discovering().build().introspect("opaque", Requirements.none()).subject()).contains("alice");
        assertThat(gets(RFC8414)).isEqualTo(1);
    }

    @Test
    void metadataWithoutAnIntrospectionEndpointFailsClosed() {
        wiremock.stubFor(get(urlEqualTo(OIDC)).willReturn(okJson(metadata(issuer, false))));
        TokenIntrospector introspector = discovering().build();
        assertThat(reason(() -> introspector.introspect("opaque", Requirements.none()))).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(introspections()).isZero();
        IntrospectionHealth health = introspector.health();
        assertThat(health.status()).isEqualTo(IntrospectionHealth.Status.DOWN);
        assertThat(health.lastProblem()).contains("discovery document has no introspection_endpoint");
    }

    @Test
    void metadataNamingAnotherIssuerIsNotTrusted() {
        wiremock.stubFor(get(urlEqualTo(OIDC)).willReturn(okJson(metadata("https://evil.example.com/realms/demo", true))));
        wiremock.stubFor(post(urlEqualTo(INTROSPECT)).willReturn(okJson(active())));
        TokenIntrospector introspector = discovering().build();
        assertThat(reason(() -> introspector.introspect("opaque", Requirements.none()))).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(introspections()).isZero();
        assertThat(introspector.health().lastProblem()).contains("discovery document names another issuer");
    }

    @Test
    void aDiscoveryOutageBacksOffInsteadOfFetchingPerRequestAndRecovers() {
        wiremock.stubFor(get(urlEqualTo(OIDC)).willReturn(aResponse().withStatus(503)));
        wiremock.stubFor(get(urlEqualTo(RFC8414)).willReturn(aResponse().withStatus(503)));
        wiremock.stubFor(post(urlEqualTo(INTROSPECT)).willReturn(okJson(active())));
        TokenIntrospector introspector = discovering().build();
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertThat(reason(() -> introspector.introspect("opaque-" + n, Requirements.none()))).isEqualTo(Reason.KEYS_UNAVAILABLE);
        }
        assertThat(gets(OIDC)).isEqualTo(1);   // the other four fail fast during the backoff

        wiremock.stubFor(get(urlEqualTo(OIDC)).willReturn(okJson(metadata(issuer, true))));
        clock.advance(Duration.ofMillis(999));
        assertThat(reason(() -> introspector.introspect("opaque", Requirements.none()))).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(gets(OIDC)).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(introspector.introspect("opaque", Requirements.none()).subject()).contains("alice");
        assertThat(gets(OIDC)).isEqualTo(2);
        assertThat(introspector.health().status()).isEqualTo(IntrospectionHealth.Status.UP);
    }

    @Test
    void concurrentFirstRequestsShareOneDiscovery() throws Exception {
        wiremock.stubFor(get(urlEqualTo(OIDC)).willReturn(okJson(metadata(issuer, true)).withFixedDelay(300)));
        wiremock.stubFor(post(urlEqualTo(INTROSPECT)).willReturn(okJson(active())));
        TokenIntrospector introspector = discovering().build();
        List<VerifiedToken> results = AllAtOnce.run(20, 50, n -> introspector.introspect("opaque-" + (n % 5), Requirements.none()));

        assertThat(results).allSatisfy(result -> assertThat(result.subject()).contains("alice"));
        assertThat(gets(OIDC)).isEqualTo(1);
        assertThat(introspections()).isEqualTo(5);
    }

    @Test
    void againstTheReferenceIssuerTheDiscoveredEndpointIntrospects() {
        try (ReferenceIssuer reference = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start()) {
            RealmHandle demo = reference.realm("demo");
            String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
            TokenIntrospector introspector = TokenIntrospector.builder(demo.issuerUrl()).discoverEndpoint()
                    .clientSecretBasic("service-b", "b-secret").audience("service-b").build();
            assertThat(introspector.introspect(token, Requirements.none()).subject()).contains(demo.subjectOf("alice"));
            assertThat(introspector.health().endpoint()).contains(demo.introspectionEndpoint().toString());
        }
    }

    // ---- private_key_jwt

    @Test
    void privateKeyJwtSendsAFreshShortLivedAssertionSignedWithTheConfiguredKey() throws Exception {
        wiremock.stubFor(post(urlEqualTo(INTROSPECT)).willReturn(okJson(active())));
        TokenIntrospector introspector = TokenIntrospector.builder(issuer).endpoint(URI.create(wiremock.baseUrl() + INTROSPECT))
                .privateKeyJwt("orders-api", rsa.toPrivateKey(), rsa.getKeyID(), "RS256").audience("orders-api")
                .maxCacheLifetime(Duration.ZERO).clock(clock).build();
        introspector.introspect("opaque-1", Requirements.none());
        introspector.introspect("opaque-2", Requirements.none());
        List<LoggedRequest> requests = wiremock.findAll(postRequestedFor(urlEqualTo(INTROSPECT)));
        assertThat(requests).hasSize(2);
        List<String> jtis = new ArrayList<>();
        for (LoggedRequest request : requests) {
            assertThat(request.containsHeader("Authorization")).isFalse();
            Map<String, String> form = form(request);
            assertThat(form).containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                    .containsEntry("client_id", "orders-api").doesNotContainKey("client_secret");
            SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
            assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(assertion.getHeader().getKeyID()).isEqualTo("orders-rsa");
            assertThat(assertion.verify(new RSASSAVerifier(rsa.toRSAPublicKey()))).isTrue();
            JWTClaimsSet claims = assertion.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo("orders-api");
            assertThat(claims.getSubject()).isEqualTo("orders-api");
            assertThat(claims.getAudience()).containsExactly(issuer);
            assertThat(claims.getIssueTime().toInstant()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                    .isEqualTo(Duration.ofSeconds(60));
            jtis.add(claims.getJWTID());
        }
        assertThat(jtis).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void privateKeyJwtFromAnEcJwkWithAnotherAssertionAudience() throws Exception {
        wiremock.stubFor(post(urlEqualTo(INTROSPECT)).willReturn(okJson(active())));
        String endpoint = wiremock.baseUrl() + INTROSPECT;
        TokenIntrospector.builder(issuer).endpoint(URI.create(endpoint)).privateKeyJwt("orders-api", ec.toJSONString())
                .clientAssertionAudience(endpoint).audience("orders-api").clock(clock).build()
                .introspect("opaque", Requirements.none());
        SignedJWT assertion = SignedJWT.parse(form(wiremock.findAll(postRequestedFor(urlEqualTo(INTROSPECT))).get(0))
                .get("client_assertion"));
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(assertion.verify(new ECDSAVerifier(ec.toECPublicKey()))).isTrue();
        assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly(endpoint);
    }

    @Test
    void theReferenceIssuerAcceptsPrivateKeyJwtAndAnswersForTheCallersAudience() throws Exception {
        Realm shop = Realm.builder("shop")
                .client("batch", c -> c.serviceAccount().secret("batch-secret").audienceMapper("orders"))
                .client("orders", c -> c.signedJwtWithJwks(new JWKSet(rsa.toPublicJWK()).toString()))
                .client("reports", c -> c.signedJwtWithJwks(new JWKSet(ec.toPublicJWK()).toString()))
                .build();
        try (ReferenceIssuer reference = ReferenceIssuer.builder().realm(shop).start()) {
            RealmHandle realm = reference.realm("shop");
            String token = realm.clientCredentials("batch", "batch-secret").accessToken();
            TokenIntrospector orders = TokenIntrospector.builder(realm.issuerUrl()).discoverEndpoint()
                    .privateKeyJwt("orders", rsa.toJSONString()).audience("orders").build();
            VerifiedToken verified = orders.introspect(token, Requirements.none());
            assertThat(verified.audiences()).contains("orders");
            assertThat(verified.authorizedParty()).contains("batch");
            // the endpoint as the assertion's audience is accepted too
            TokenIntrospector byEndpoint = TokenIntrospector.builder(realm.issuerUrl()).endpoint(realm.introspectionEndpoint())
                    .privateKeyJwt("orders", rsa.toJSONString()).clientAssertionAudience(realm.introspectionEndpoint().toString())
                    .audience("orders").build();
            assertThat(byEndpoint.introspect(token, Requirements.none()).audiences()).contains("orders");
            // signed with a key the issuer does not hold for that client: the call fails, never an acceptance
            TokenIntrospector wrongKey = TokenIntrospector.builder(realm.issuerUrl()).endpoint(realm.introspectionEndpoint())
                    .privateKeyJwt("orders", ec.toJSONString()).audience("orders").build();
            assertThat(reason(() -> wrongKey.introspect(token, Requirements.none()))).isEqualTo(Reason.KEYS_UNAVAILABLE);
            assertThat(wrongKey.health().lastProblem()).contains("HTTP 400");
            // another client authenticates fine but the token is not for it
            TokenIntrospector reports = TokenIntrospector.builder(realm.issuerUrl()).endpoint(realm.introspectionEndpoint())
                    .privateKeyJwt("reports", ec.toJSONString()).audience("reports").build();
            assertThat(reason(() -> reports.introspect(token, Requirements.none()))).isIn(Reason.INACTIVE, Reason.AUDIENCE_MISMATCH);
        }
    }

    @Test
    void builderRefusesContradictionsAndKeysThatDoNotFit() throws Exception {
        URI endpoint = URI.create(wiremock.baseUrl() + INTROSPECT);
        assertThatThrownBy(() -> TokenIntrospector.builder(issuer).endpoint(endpoint).discoverEndpoint())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("contradict");
        assertThatThrownBy(() -> TokenIntrospector.builder(issuer).discoverEndpoint().endpoint(endpoint))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("contradict");
        assertThatThrownBy(() -> TokenIntrospector.builder(issuer).endpoint(endpoint).clientSecretBasic("a", "b")
                .clientAssertionAudience(issuer).audience("a").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("privateKeyJwt");
        assertThatThrownBy(() -> TokenIntrospector.builder(issuer).privateKeyJwt("a", rsa.toPrivateKey(), "k", "ES256"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ES256");
        assertThatThrownBy(() -> TokenIntrospector.builder(issuer).privateKeyJwt("a", rsa.toPublicJWK().toJSONString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the JWK holds no private key");
        assertThatThrownBy(() -> TokenIntrospector.builder(issuer).clientSecretBasic("a", "b").privateKeyJwt("a", rsa.toJSONString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("client is already set");
        assertThatThrownBy(() -> TokenIntrospector.builder("http://idp.example.com/realms/demo").discoverEndpoint()
                .clientSecretBasic("a", "b").audience("a").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenIntrospector.builder(issuer).clientSecretBasic("a", "b").audience("a").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("discoverEndpoint()");
    }

    // ---- health and listener

    @Test
    void healthAndListenerReportCallsCacheHitsFailuresAndLimits() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger hits = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        IntrospectionListener listener = new IntrospectionListener() {
            @Override
            public void onCall(Duration elapsed) {
                assertThat(elapsed).isPositive();
                calls.incrementAndGet();
            }

            @Override
            public void onCacheHit() {
                hits.incrementAndGet();
            }

            @Override
            public void onFailure(String problem) {
                problems.add(problem);
            }

            @Override
            public void onLimited() {
                limited.incrementAndGet();
            }
        };
        wiremock.stubFor(post(urlEqualTo(INTROSPECT)).willReturn(okJson(active())));
        TokenIntrospector introspector = TokenIntrospector.builder(issuer).endpoint(URI.create(wiremock.baseUrl() + INTROSPECT))
                .clientSecretBasic("orders-api", "orders-secret").audience("orders-api").maxCallsPerSecond(3)
                .listener(listener).clock(clock).ticker(nanos::get).build();
        assertThat(introspector.health().status()).isEqualTo(IntrospectionHealth.Status.NOT_CALLED);
        assertThat(introspector.health().isUsable()).isTrue();

        introspector.introspect("t1", Requirements.none());
        introspector.introspect("t1", Requirements.none());
        assertThat(introspector.health().status()).isEqualTo(IntrospectionHealth.Status.UP);
        assertThat(introspector.health().lastSuccess()).contains(clock.instant());

        wiremock.stubFor(post(urlEqualTo(INTROSPECT)).willReturn(aResponse().withStatus(500)));
        reason(() -> introspector.introspect("t2", Requirements.none()));
        IntrospectionHealth down = introspector.health();
        assertThat(down.status()).isEqualTo(IntrospectionHealth.Status.DOWN);
        assertThat(down.isUsable()).isFalse();
        assertThat(down.lastProblem()).contains("HTTP 500");

        reason(() -> introspector.introspect("t3", Requirements.none()));
        reason(() -> introspector.introspect("t4", Requirements.none()));   // the fourth call this second
        assertThat(calls).hasValue(1);
        assertThat(hits).hasValue(1);
        assertThat(problems).containsExactly("HTTP 500", "HTTP 500");
        assertThat(limited).hasValue(1);
        IntrospectionHealth counted = introspector.health();
        assertThat(counted.calls()).isEqualTo(3);
        assertThat(counted.failures()).isEqualTo(2);
        assertThat(counted.cacheHits()).isEqualTo(1);
        assertThat(counted.limited()).isEqualTo(1);

        wiremock.stubFor(post(urlEqualTo(INTROSPECT)).willReturn(okJson(active())));
        clock.advance(Duration.ofSeconds(1));
        introspector.introspect("t2", Requirements.none());
        assertThat(introspector.health().status()).isEqualTo(IntrospectionHealth.Status.UP);
        assertThat(introspector.health().lastProblem()).isEmpty();
    }

    @Test
    void aListenerThatThrowsDoesNotChangeTheVerdict() {
        wiremock.stubFor(post(urlEqualTo(INTROSPECT)).willReturn(okJson(active())));
        TokenIntrospector introspector = TokenIntrospector.builder(issuer).endpoint(URI.create(wiremock.baseUrl() + INTROSPECT))
                .clientSecretBasic("orders-api", "orders-secret").audience("orders-api").clock(clock)
                .listener(new IntrospectionListener() {
                    @Override
                    public void onCall(Duration elapsed) {
                        throw new IllegalStateException("metrics broke");
                    }
                }).build();
        assertThat(introspector.introspect("t", Requirements.none()).subject()).contains("alice");
    }
}
