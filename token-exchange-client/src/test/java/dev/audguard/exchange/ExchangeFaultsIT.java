package dev.audguard.exchange;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.audguard.exchange.TokenExchangeException.Category;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the reference issuer cannot be made to do: WireMock answers the token endpoint with
 * failures, odd responses and slow answers, and its journal counts what was sent. Retries run
 * through a {@link RecordingScheduler}: nothing waits.
 */
class ExchangeFaultsIT {
    private static final String TOKEN = "/realms/demo/protocol/openid-connect/token";
    private static final String DISCOVERY = "/realms/demo/.well-known/openid-configuration";
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(options().bindAddress("127.0.0.1").dynamicPort()).build();

    private MutableClock clock;
    private RecordingScheduler scheduler;
    private RecordingListener events;
    private String subject;

    @BeforeEach
    void reset() {
        server.resetAll();
        clock = new MutableClock(START);
        scheduler = new RecordingScheduler();
        events = new RecordingListener();
        subject = TestJwts.jwt("alice", START.plus(Duration.ofHours(1)));
    }

    private TokenExchangeClient client(UnaryOperator<TokenExchangeClient.Builder> options) {
        return options.apply(TokenExchangeClient.builder().tokenEndpoint(URI.create(server.baseUrl() + TOKEN))
                .clientSecret("service-b", "b-secret").clock(clock).retryScheduler(scheduler).listener(events)).build();
    }

    private TokenExchangeClient client() {
        return client(b -> b);
    }

    private ExchangeRequest request() {
        return ExchangeRequest.forSubject(subject).audience("service-c").build();
    }

    private static String tokenJson(String accessToken) {
        return "{\"access_token\":\"" + accessToken + "\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
                + "\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"profile email\"}";
    }

    private static void answer(ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(response));
    }

    /** The answers, in order, for the following token requests; the last one repeats. */
    private static void answerInTurn(ResponseDefinitionBuilder... responses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < responses.length; i++) {
            String next = i == responses.length - 1 ? state : "after-" + i;
            server.stubFor(post(urlPathEqualTo(TOKEN)).inScenario("turns").whenScenarioStateIs(state)
                    .willReturn(responses[i]).willSetStateTo(next));
            state = next;
        }
    }

    private static ResponseDefinitionBuilder error(int status, String error, String description) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }

    private static int tokenRequests() {
        return server.findAll(postRequestedFor(urlPathEqualTo(TOKEN))).size();
    }

    private static TokenExchangeException failure(TokenExchangeClient client, ExchangeRequest request) {
        return ReferenceIssuerExchangeIT.failure(client, request);
    }

    private static Map<String, List<String>> form(LoggedRequest request) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            form.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    // ---- the request on the wire

    @Test
    void sendsEveryRfc8693ParameterSortedAndAuthenticatesWithBasic() {
        answer(okJson(tokenJson("exchanged")));
        TokenExchangeClient client = TokenExchangeClient.builder().tokenEndpoint(URI.create(server.baseUrl() + TOKEN))
                .clientSecret("service-b", "p@ss:w/rd").clock(clock).build();

        client.exchange(ExchangeRequest.forSubject(subject).audience("zeta", "alpha").resource("https://api.example/orders")
                .scope("write read").requestedTokenType(TokenTypes.ACCESS_TOKEN).actorToken("actor-token", TokenTypes.ACCESS_TOKEN)
                .build());

        LoggedRequest sent = server.findAll(postRequestedFor(urlPathEqualTo(TOKEN))).get(0);
        assertThat(form(sent)).containsExactly(
                Map.entry("grant_type", List.of("urn:ietf:params:oauth:grant-type:token-exchange")),
                Map.entry("subject_token", List.of(subject)),
                Map.entry("subject_token_type", List.of(TokenTypes.ACCESS_TOKEN)),
                Map.entry("requested_token_type", List.of(TokenTypes.ACCESS_TOKEN)),
                Map.entry("audience", List.of("alpha", "zeta")),
                Map.entry("resource", List.of("https://api.example/orders")),
                Map.entry("scope", List.of("read write")),
                Map.entry("actor_token", List.of("actor-token")),
                Map.entry("actor_token_type", List.of(TokenTypes.ACCESS_TOKEN)));
        // RFC 6749 section 2.3.1: id and secret are form-urlencoded before Basic encoding
        assertThat(sent.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("service-b:p%40ss%3Aw%2Frd".getBytes(StandardCharsets.UTF_8)));
        assertThat(sent.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    }

    @Test
    void clientSecretPostSendsTheSecretInTheBodyAndNoAuthorizationHeader() {
        answer(okJson(tokenJson("exchanged")));
        TokenExchangeClient client = TokenExchangeClient.builder().tokenEndpoint(URI.create(server.baseUrl() + TOKEN))
                .clientSecretPost("service-b", "b-secret").clock(clock).build();

        client.exchange(request());

        LoggedRequest sent = server.findAll(postRequestedFor(urlPathEqualTo(TOKEN))).get(0);
        assertThat(form(sent)).containsEntry("client_id", List.of("service-b")).containsEntry("client_secret", List.of("b-secret"));
        assertThat(sent.containsHeader("Authorization")).isFalse();
    }

    @Test
    void privateKeyJwtSendsAFreshShortLivedAssertionPerRequest() throws Exception {
        answer(okJson(tokenJson("exchanged")));
        var key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k1").generate();
        TokenExchangeClient client = TokenExchangeClient.builder().tokenEndpoint(URI.create(server.baseUrl() + TOKEN))
                .privateKeyJwt("service-b", key.toRSAPrivateKey(), "k1", "PS256").clock(clock).disableCache().build();

        client.exchange(request());
        client.exchange(request());

        List<com.nimbusds.jwt.SignedJWT> assertions = server.findAll(postRequestedFor(urlPathEqualTo(TOKEN))).stream()
                .map(r -> form(r).get("client_assertion").get(0)).map(ExchangeFaultsIT::parseJwt).toList();
        assertThat(assertions).hasSize(2);
        for (com.nimbusds.jwt.SignedJWT assertion : assertions) {
            assertThat(assertion.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key.toPublicJWK()))).isTrue();
            assertThat(assertion.getHeader().getAlgorithm().getName()).isEqualTo("PS256");
            assertThat(assertion.getHeader().getKeyID()).isEqualTo("k1");
            var claims = assertion.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo("service-b");
            assertThat(claims.getSubject()).isEqualTo("service-b");
            assertThat(claims.getAudience()).containsExactly(server.baseUrl() + TOKEN);
            assertThat(claims.getIssueTime().toInstant()).isEqualTo(START);
            assertThat(claims.getExpirationTime().toInstant()).isEqualTo(START.plusSeconds(60));
        }
        assertThat(assertions.get(0).getJWTClaimsSet().getJWTID()).isNotEqualTo(assertions.get(1).getJWTClaimsSet().getJWTID());
        assertThat(form(server.findAll(postRequestedFor(urlPathEqualTo(TOKEN))).get(0)))
                .containsEntry("client_assertion_type", List.of("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
    }

    private static com.nimbusds.jwt.SignedJWT parseJwt(String jwt) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(jwt);
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    // ---- retries

    @Test
    void a500ThenA200IsRetriedOnceAfterAJitteredBackoff() {
        answerInTurn(error(500, "server_error", "boom"), okJson(tokenJson("exchanged")));

        ExchangedToken token = client().exchange(request());

        assertThat(token.accessToken()).isEqualTo("exchanged");
        assertThat(tokenRequests()).isEqualTo(2);
        assertThat(scheduler.delays).singleElement()
                .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(100), Duration.ofMillis(200)));
        assertThat(events.retryDelays).isEqualTo(scheduler.delays);
        assertThat(events.sent).hasValue(2);
    }

    @Test
    void retriesAreBoundedAndBackOffExponentially() {
        answer(aResponse().withStatus(503));

        TokenExchangeException e = failure(client(b -> b.maxAttempts(4)), request());

        assertThat(e.category()).isEqualTo(Category.ISSUER_UNAVAILABLE);
        assertThat(e.issuerStatus()).hasValue(503);
        assertThat(tokenRequests()).isEqualTo(4);
        assertThat(scheduler.delays).hasSize(3);
        assertThat(scheduler.delays.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(scheduler.delays.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(scheduler.delays.get(2)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void retriesReallyWaitWithTheSystemScheduler() {
        answerInTurn(aResponse().withStatus(502), aResponse().withStatus(502), okJson(tokenJson("exchanged")));
        TokenExchangeClient client = TokenExchangeClient.builder().tokenEndpoint(URI.create(server.baseUrl() + TOKEN))
                .clientSecret("service-b", "b-secret").clock(clock).retryBackoff(Duration.ofMillis(2), Duration.ofMillis(4)).build();

        assertThat(client.exchange(request()).accessToken()).isEqualTo("exchanged");
        assertThat(tokenRequests()).isEqualTo(3);
    }

    @Test
    void byDefaultRetriesExplicitlyDisabledRetriesFailAtOnce() {
        answer(aResponse().withStatus(500));

        assertThat(failure(client(TokenExchangeClient.Builder::disableRetries), request()).category())
                .isEqualTo(Category.ISSUER_UNAVAILABLE);

        assertThat(tokenRequests()).isEqualTo(1);
        assertThat(scheduler.delays).isEmpty();
    }

    @Test
    void a400IsNeverRetried() {
        answer(error(400, "invalid_grant", "Token is not active"));

        TokenExchangeException e = failure(client(), request());

        assertThat(e.category()).isEqualTo(Category.SUBJECT_TOKEN_REJECTED);
        assertThat(tokenRequests()).isEqualTo(1);
        assertThat(scheduler.delays).isEmpty();
    }

    @Test
    void anIssuerThatEchoesTheClientSecretOrSubjectTokenAsItsErrorCodeDoesNotGetItIntoTheFailure() {
        answer(error(401, "b-secret", "no"));

        TokenExchangeException echoedSecret = failure(client(), request());

        assertThat(echoedSecret.issuerError()).isEmpty();
        assertThat(echoedSecret.getMessage()).doesNotContain("b-secret");
        assertThat(echoedSecret.category()).isEqualTo(Category.CONFIGURATION);

        SubjectToken opaque = SubjectToken.of("opaque-subject-7");
        answer(error(400, "opaque-subject-7", "no"));

        TokenExchangeException echoedSubject = failure(client(), ExchangeRequest.forSubject(opaque).audience("service-c").build());

        assertThat(echoedSubject.issuerError()).isEmpty();
        assertThat(echoedSubject.getMessage()).doesNotContain("opaque-subject-7");
    }

    @Test
    void aTimeoutIsRetriedThenMakesTheIssuerUnavailable() {
        answer(okJson(tokenJson("late")).withFixedDelay(2_000));

        TokenExchangeException e = failure(client(b -> b.requestTimeout(Duration.ofMillis(150)).maxAttempts(2)), request());

        assertThat(e.category()).isEqualTo(Category.ISSUER_UNAVAILABLE);
        assertThat(e.detail()).isEqualTo("timeout");
        assertThat(scheduler.delays).hasSize(1);
        assertThat(events.sent).hasValue(2);
    }

    @Test
    void aDroppedConnectionIsRetried() {
        answerInTurn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson(tokenJson("exchanged")));

        assertThat(client().exchange(request()).accessToken()).isEqualTo("exchanged");
        assertThat(scheduler.delays).hasSize(1);
    }

    @Test
    void anUnreachableIssuerIsUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TokenExchangeClient client = TokenExchangeClient.builder().tokenEndpoint(URI.create("http://127.0.0.1:" + port + TOKEN))
                .clientSecret("service-b", "b-secret").clock(clock).retryScheduler(scheduler).build();

        TokenExchangeException e = failure(client, request());

        assertThat(e.category()).isEqualTo(Category.ISSUER_UNAVAILABLE);
        assertThat(e.detail()).isEqualTo("connection refused");
        assertThat(scheduler.delays).hasSize(2);
    }

    @Test
    void a429WithRetryAfterIsRetriedAfterExactlyThatLong() {
        answerInTurn(aResponse().withStatus(429).withHeader("Retry-After", "3"), okJson(tokenJson("exchanged")));

        assertThat(client().exchange(request()).accessToken()).isEqualTo("exchanged");

        assertThat(scheduler.delays).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void a503WithAnHttpDateRetryAfterWaitsUntilThatDate() {
        answerInTurn(aResponse().withStatus(503).withHeader("Retry-After", "Thu, 01 Jan 2026 00:00:04 GMT"),
                okJson(tokenJson("exchanged")));

        assertThat(client().exchange(request()).accessToken()).isEqualTo("exchanged");

        assertThat(scheduler.delays).containsExactly(Duration.ofSeconds(4));
    }

    @Test
    void aRetryAfterLongerThanTheMaximumFailsAtOnceAndCarriesIt() {
        answer(aResponse().withStatus(429).withHeader("Retry-After", "3600"));

        TokenExchangeException e = failure(client(), request());

        assertThat(e.category()).isEqualTo(Category.ISSUER_UNAVAILABLE);
        assertThat(e.retryAfter()).contains(Duration.ofHours(1));
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(tokenRequests()).isEqualTo(1);
        assertThat(scheduler.delays).isEmpty();
    }

    // ---- unusable answers

    @Test
    void malformedJsonIsAnInvalidResponseAndNotRetried() {
        answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"access_token\":"));

        TokenExchangeException e = failure(client(), request());

        assertThat(e.category()).isEqualTo(Category.INVALID_RESPONSE);
        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(tokenRequests()).isEqualTo(1);
    }

    @Test
    void aTokenTypeOfNaIsNeverUsedAsABearerToken() {
        answer(okJson("{\"access_token\":\"an-id-token\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
                + "\"token_type\":\"N_A\",\"expires_in\":300}"));

        assertThat(failure(client(), request()).category()).isEqualTo(Category.INVALID_RESPONSE);
    }

    @Test
    void anNaTokenRequestedAsAnIdTokenIsReturnedButCannotBecomeAnAuthorizationHeader() {
        answer(okJson("{\"access_token\":\"an-id-token\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:id_token\","
                + "\"token_type\":\"N_A\",\"expires_in\":300}"));

        ExchangedToken token = client().exchange(ExchangeRequest.forSubject(subject).audience("service-c")
                .requestedTokenType(TokenTypes.ID_TOKEN).build());

        assertThat(token.isBearer()).isFalse();
        assertThat(token.issuedTokenType()).isEqualTo(TokenTypes.ID_TOKEN);
        assertThatThrownBy(token::authorizationHeaderValue).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("an-id-token");
    }

    @Test
    void aRefreshTokenIssuedForAnAccessTokenRequestIsAnInvalidResponse() {
        answer(okJson("{\"access_token\":\"x\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:refresh_token\","
                + "\"token_type\":\"Bearer\",\"expires_in\":300}"));

        assertThat(failure(client(), request()).category()).isEqualTo(Category.INVALID_RESPONSE);
    }

    @Test
    void responsesWithoutARequiredMemberAreInvalid() {
        for (String body : List.of(
                "{\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\",\"token_type\":\"Bearer\"}",
                "{\"access_token\":\"x\",\"token_type\":\"Bearer\"}",
                "{\"access_token\":\"x\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\"}",
                "{\"access_token\":\"x\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
                        + "\"token_type\":\"Bearer\",\"expires_in\":-5}",
                "[\"not\",\"an\",\"object\"]")) {
            server.resetAll();
            answer(okJson(body));
            assertThat(failure(client(), request()).category()).as(body).isEqualTo(Category.INVALID_RESPONSE);
        }
    }

    @Test
    void withoutExpiresInTheJwtsOwnExpiryIsUsed() {
        Instant exp = START.plusSeconds(120);
        answer(okJson("{\"access_token\":\"" + TestJwts.jwt("alice", exp) + "\",\"issued_token_type\":"
                + "\"urn:ietf:params:oauth:token-type:access_token\",\"token_type\":\"bearer\"}"));

        ExchangedToken token = client().exchange(request());

        assertThat(token.expiresAt()).isEqualTo(exp);
        assertThat(token.isBearer()).isTrue();
    }

    @Test
    void withoutExpiresInAnOpaqueTokenGetsTheShortDefaultLifetime() {
        answer(okJson("{\"access_token\":\"opaque\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
                + "\"token_type\":\"Bearer\"}"));

        assertThat(client().exchange(request()).expiresAt()).isEqualTo(START.plusSeconds(60));
        server.resetRequests();
        assertThat(client(b -> b.defaultTokenLifetime(Duration.ofSeconds(45))).exchange(request()).expiresAt())
                .isEqualTo(START.plusSeconds(45));
    }

    @Test
    void expiresInAsAStringIsReadAndTheGrantedScopeDefaultsToTheRequestedOne() {
        answer(okJson("{\"access_token\":\"x\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
                + "\"token_type\":\"Bearer\",\"expires_in\":\"120\"}"));

        ExchangedToken token = client().exchange(ExchangeRequest.forSubject(subject).audience("service-c").scope("b a").build());

        assertThat(token.expiresAt()).isEqualTo(START.plusSeconds(120));
        assertThat(token.scopes()).containsExactly("a", "b");
    }

    @Test
    void aResponseLargerThanTheLimitIsAnInvalidResponse() {
        answer(okJson("{\"access_token\":\"" + "x".repeat(300 * 1024) + "\"}"));

        TokenExchangeException e = failure(client(), request());

        assertThat(e.category()).isEqualTo(Category.INVALID_RESPONSE);
        assertThat(e.detail()).isEqualTo("response too large");
    }

    @Test
    void aRedirectIsNotFollowedAndIsAConfigurationProblem() {
        answer(aResponse().withStatus(302).withHeader("Location", server.baseUrl() + "/elsewhere"));
        server.stubFor(post(urlPathEqualTo("/elsewhere")).willReturn(okJson(tokenJson("stolen"))));

        TokenExchangeException e = failure(client(), request());

        assertThat(e.category()).isEqualTo(Category.CONFIGURATION);
        assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/elsewhere")))).isEmpty();
    }

    // ---- error categories and what is kept of the issuer's words

    @Test
    void errorCodesMapToTheirCategories() {
        Map<ResponseDefinitionBuilder, Category> cases = new LinkedHashMap<>();
        cases.put(error(400, "invalid_request", "Invalid token"), Category.SUBJECT_TOKEN_REJECTED);
        cases.put(error(400, "invalid_request", "subject_token is expired"), Category.SUBJECT_TOKEN_REJECTED);
        cases.put(error(400, "invalid_grant", "whatever"), Category.SUBJECT_TOKEN_REJECTED);
        cases.put(error(400, "invalid_request", "Standard token exchange is not enabled for the requested client"),
                Category.CONFIGURATION);
        cases.put(error(400, "invalid_request", "Parameter 'subject_token_type' required"), Category.CONFIGURATION);
        cases.put(error(400, "invalid_request", "Invalid actor token"), Category.CONFIGURATION);
        cases.put(error(401, "invalid_client", "Invalid client or Invalid client credentials"), Category.CONFIGURATION);
        cases.put(error(400, "unauthorized_client", "x"), Category.CONFIGURATION);
        cases.put(error(400, "invalid_target", "x"), Category.CONFIGURATION);
        cases.put(error(403, "access_denied", "Client is not within the token audience"), Category.CONFIGURATION);
        cases.put(error(400, "invalid_scope", "x"), Category.CONFIGURATION);
        cases.put(aResponse().withStatus(404), Category.CONFIGURATION);
        cases.put(aResponse().withStatus(400).withBody("<html>bad</html>"), Category.CONFIGURATION);
        cases.forEach((response, category) -> {
            server.resetAll();
            answer(response);
            TokenExchangeException e = failure(client(), request());
            assertThat(e.category()).as(response.build().getBody() == null ? "status only" : response.build().getBody())
                    .isEqualTo(category);
            assertThat(tokenRequests()).isEqualTo(1);
        });
    }

    @Test
    void anErrorDescriptionThatEchoesATokenOrSecretIsDropped() {
        answer(error(400, "invalid_request", "Invalid token " + subject));
        TokenExchangeException echoesToken = failure(client(), request());
        server.resetAll();
        answer(error(401, "invalid_client", "secret b-secret does not match"));
        TokenExchangeException echoesSecret = failure(client(), request());
        server.resetAll();
        answer(error(400, "invalid_request", "Requested audience not available: service-q"));
        TokenExchangeException safe = failure(client(), request());

        assertThat(echoesToken.issuerErrorDescription()).isEmpty();
        assertThat(echoesToken.issuerError()).contains("invalid_request");
        assertThat(echoesToken.category()).isEqualTo(Category.SUBJECT_TOKEN_REJECTED);
        assertThat(echoesSecret.issuerErrorDescription()).isEmpty();
        assertThat(safe.issuerErrorDescription()).contains("Requested audience not available: service-q");
        for (TokenExchangeException e : List.of(echoesToken, echoesSecret, safe)) {
            assertThat(e.getMessage()).doesNotContain(subject).doesNotContain("b-secret");
        }
    }

    // ---- caching decisions that need answers the issuer does not give

    @Test
    void anOpaqueSubjectTokenIsExchangedEveryTimeNotCachedBlindly() {
        answer(okJson(tokenJson("exchanged")));
        TokenExchangeClient client = client();
        ExchangeRequest opaque = ExchangeRequest.forSubject("an-opaque-reference-token").audience("service-c").build();

        client.exchange(opaque);
        client.exchange(opaque);

        assertThat(tokenRequests()).isEqualTo(2);
    }

    @Test
    void everyParameterThatChangesTheAnswerIsPartOfTheCacheKey() {
        answer(okJson(tokenJson("exchanged")));
        TokenExchangeClient client = client();
        List<ExchangeRequest> distinct = List.of(
                ExchangeRequest.forSubject(subject).audience("service-c").build(),
                ExchangeRequest.forSubject(TestJwts.jwt("bob", START.plus(Duration.ofHours(1)))).audience("service-c").build(),
                ExchangeRequest.forSubject(SubjectToken.of(subject, TokenTypes.JWT)).audience("service-c").build(),
                ExchangeRequest.forSubject(subject).audience("service-d").build(),
                ExchangeRequest.forSubject(subject).audience("service-c", "service-d").build(),
                ExchangeRequest.forSubject(subject).audience("service-c").resource("https://c.example/").build(),
                ExchangeRequest.forSubject(subject).audience("service-c").scope("read").build(),
                ExchangeRequest.forSubject(subject).audience("service-c").requestedTokenType(TokenTypes.ACCESS_TOKEN).build(),
                ExchangeRequest.forSubject(subject).audience("service-c").actorToken("actor-1", TokenTypes.ACCESS_TOKEN).build(),
                ExchangeRequest.forSubject(subject).audience("service-c").actorToken("actor-2", TokenTypes.ACCESS_TOKEN).build(),
                ExchangeRequest.forSubject(subject).audience("service-c").actorToken("actor-1", TokenTypes.JWT).build());

        distinct.forEach(client::exchange);
        distinct.forEach(client::exchange);

        assertThat(tokenRequests()).isEqualTo(distinct.size());
        assertThat(events.cacheHits).hasValue(distinct.size());
    }

    @Test
    void aTokenThatLivesLessThanTheSkewIsNotCached() {
        answer(okJson("{\"access_token\":\"short\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
                + "\"token_type\":\"Bearer\",\"expires_in\":20}"));
        TokenExchangeClient client = client();

        client.exchange(request());
        client.exchange(request());

        assertThat(tokenRequests()).isEqualTo(2);
    }

    @Test
    void concurrentCallersShareOneFailedExchangeAndTheNextCallTriesAgain() throws Exception {
        answer(error(400, "unauthorized_client", "x").withFixedDelay(500));
        TokenExchangeClient client = client();

        List<CompletableFuture<ExchangedToken>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(client.exchangeAsync(request()));
        }
        for (CompletableFuture<ExchangedToken> call : calls) {
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TokenExchangeException.class)
                    .satisfies(t -> assertThat(((TokenExchangeException) t.getCause()).category()).isEqualTo(Category.CONFIGURATION));
        }
        assertThat(tokenRequests()).isEqualTo(1);

        failure(client, request());
        assertThat(tokenRequests()).isEqualTo(2);
    }

    @Test
    void aListenerThatThrowsChangesNothing() {
        answer(okJson(tokenJson("exchanged")));
        TokenExchangeClient client = TokenExchangeClient.builder().tokenEndpoint(URI.create(server.baseUrl() + TOKEN))
                .clientSecret("service-b", "b-secret").clock(clock).listener(new ExchangeListener() {
                    @Override
                    public void onExchangeSent(ExchangeEvent event, int attempt) {
                        throw new IllegalStateException("listener bug");
                    }
                }).build();

        assertThat(client.exchange(request()).accessToken()).isEqualTo("exchanged");
    }

    // ---- discovery

    private void serveDiscovery(String issuer, String tokenEndpoint) {
        server.stubFor(get(urlPathEqualTo(DISCOVERY)).willReturn(okJson("{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\""
                + tokenEndpoint + "\"}")));
    }

    private TokenExchangeClient discovering(UnaryOperator<TokenExchangeClient.Builder> options) {
        return options.apply(TokenExchangeClient.builder().issuer(server.baseUrl() + "/realms/demo")
                .clientSecret("service-b", "b-secret").clock(clock).retryScheduler(scheduler)).build();
    }

    @Test
    void discoversTheTokenEndpointLazilyOnceAndKeepsIt() {
        serveDiscovery(server.baseUrl() + "/realms/demo", server.baseUrl() + TOKEN);
        answer(okJson(tokenJson("exchanged")));

        TokenExchangeClient client = discovering(b -> b);
        assertThat(server.getAllServeEvents()).as("building touches no network").isEmpty();
        client.exchange(request());
        client.exchange(ExchangeRequest.forSubject(subject).audience("service-d").build());

        assertThat(server.findAll(getRequestedFor(urlPathEqualTo(DISCOVERY)))).hasSize(1);
        assertThat(tokenRequests()).isEqualTo(2);
    }

    @Test
    void aDiscoveryDocumentNamingAnotherIssuerIsRefused() {
        serveDiscovery("https://evil.example/realms/demo", server.baseUrl() + TOKEN);
        answer(okJson(tokenJson("exchanged")));

        TokenExchangeException e = failure(discovering(b -> b), request());

        assertThat(e.category()).isEqualTo(Category.CONFIGURATION);
        assertThat(e.detail()).isEqualTo("discovery document names another issuer");
        assertThat(tokenRequests()).isZero();
    }

    @Test
    void aDiscoveredPlainHttpTokenEndpointOnAnotherHostIsRefused() {
        serveDiscovery(server.baseUrl() + "/realms/demo", "http://idp.example.com/realms/demo/token");

        TokenExchangeException e = failure(discovering(b -> b), request());

        assertThat(e.category()).isEqualTo(Category.CONFIGURATION);
    }

    @Test
    void aFailingDiscoveryIsRetried() {
        server.stubFor(get(urlPathEqualTo(DISCOVERY)).inScenario("d").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(get(urlPathEqualTo(DISCOVERY)).inScenario("d").whenScenarioStateIs("up")
                .willReturn(okJson("{\"issuer\":\"" + server.baseUrl() + "/realms/demo\",\"token_endpoint\":\"" + server.baseUrl()
                        + TOKEN + "\"}")));
        answer(okJson(tokenJson("exchanged")));

        assertThat(discovering(b -> b).exchange(request()).accessToken()).isEqualTo("exchanged");
        assertThat(scheduler.delays).hasSize(1);
    }
}
