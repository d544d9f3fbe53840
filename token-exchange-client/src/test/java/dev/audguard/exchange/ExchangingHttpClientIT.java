package dev.audguard.exchange;

import dev.audguard.core.TokenValidationException;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.TokenExchangeException.Category;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Service B calling service C on alice's behalf, all over real HTTP: the reference issuer (behind
 * a counting WireMock proxy) exchanges, and a downstream JDK HTTP server verifies every bearer
 * token with sdk-core (audience service-c) and keeps every request it receives.
 */
class ExchangingHttpClientIT {
    private static final String TOKEN_PATH = "/realms/demo/protocol/openid-connect/token";

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @RegisterExtension
    static final IssuerProxy proxy = new IssuerProxy(issuer);
    private static TokenValidator serviceC;
    private static TokenValidator goodService;

    private Downstream downstream;
    private RecordingListener events;
    private DownstreamAuthorizer authorizer;
    private VerifiedToken alice;

    @BeforeAll
    static void start() {
        String iss = issuer.realm("demo").issuerUrl();
        serviceC = TokenValidator.builder().issuer(iss).audience("service-c").build();
        goodService = TokenValidator.builder().issuer(iss).audience("good-service").build();
    }

    @BeforeEach
    void setUp() {
        events = new RecordingListener();
        downstream = new Downstream().answering(this::verifying);
        TokenExchangeClient exchange = TokenExchangeClient.builder().tokenEndpoint(URI.create(proxy.baseUrl() + TOKEN_PATH))
                .clientSecret("service-b", "b-secret").listener(events).build();
        authorizer = DownstreamAuthorizer.builder(exchange)
                .target("service-c", downstream.uri("/api"), t -> t.audience("service-c"))
                .target("good-service", downstream.uri("/api/good"), t -> t.audience("good-service").scope("good-service"))
                .build();
        alice = TokenValidator.builder().issuer(issuer.realm("demo").issuerUrl()).audience("service-b").build()
                .validate(issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice").accessToken());
    }

    @AfterEach
    void tearDown() {
        downstream.close();
    }

    /** What service C does: verify the bearer token for itself (or good-service under /api/good), answer 401 otherwise. */
    private Downstream.Answer verifying(Downstream.Received request) {
        String header = request.authorization();
        if (header == null || !header.startsWith("Bearer ")) {
            return new Downstream.Answer(401, Map.of("WWW-Authenticate", "Bearer realm=\"c\""), "");
        }
        TokenValidator validator = request.uri().getPath().startsWith("/api/good") ? goodService : serviceC;
        try {
            VerifiedToken token = validator.validate(header.substring(7));
            return Downstream.Answer.ok("hello " + token.subject().orElseThrow() + " " + request.body());
        } catch (TokenValidationException e) {
            return Downstream.Answer.invalidToken();
        }
    }

    private static int exchangesAtServer() {
        return proxy.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).size();
    }

    private ExchangingHttpClient http() {
        return ExchangingHttpClient.builder(authorizer).build().forSubject(alice);
    }

    private void assertSubjectTokenNeverSentDownstream() {
        assertThat(downstream.received).isNotEmpty().allSatisfy(r -> assertThat(r.everything())
                .doesNotContain(alice.rawToken())
                .doesNotContain(alice.rawToken().substring(alice.rawToken().lastIndexOf('.') + 1)));
    }

    @Test
    void callsTheTargetWithAnExchangedTokenNeverTheSubjectToken() throws Exception {
        HttpResponse<String> response = http().send(HttpRequest.newBuilder(downstream.uri("/api/orders/7")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("hello " + alice.subject().orElseThrow());
        assertThat(downstream.received).singleElement().satisfies(r ->
                assertThat(serviceC.validate(r.authorization().substring(7)).audiences()).containsExactly("service-c"));
        assertSubjectTokenNeverSentDownstream();
    }

    @Test
    void theMostSpecificTargetDecidesTheAudience() throws Exception {
        HttpResponse<String> response = http().send(HttpRequest.newBuilder(downstream.uri("/api/good/report")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(goodService.validate(downstream.received.get(0).authorization().substring(7)).audiences())
                .containsExactly("good-service");
    }

    @Test
    void repeatedCallsReuseTheCachedExchange() throws Exception {
        ExchangingHttpClient http = http();
        for (int i = 0; i < 3; i++) {
            http.send(HttpRequest.newBuilder(downstream.uri("/api/orders/" + i)).build(), HttpResponse.BodyHandlers.ofString());
        }

        assertThat(downstream.received).hasSize(3);
        assertThat(exchangesAtServer()).isEqualTo(1);
        assertThat(events.sent).hasValue(1);
    }

    @Test
    void sendAsyncTakesTheSubjectFromTheSourceOnTheCallingThread() throws Exception {
        ThreadLocal<VerifiedToken> current = new ThreadLocal<>();
        SubjectTokenSource source = () -> Optional.ofNullable(current.get()).map(SubjectToken::of);
        ExchangingHttpClient http = ExchangingHttpClient.builder(authorizer).subjectTokenSource(source).build();

        current.set(alice);
        CompletableFuture<HttpResponse<String>> future = http.sendAsync(
                HttpRequest.newBuilder(downstream.uri("/api/orders")).build(), HttpResponse.BodyHandlers.ofString());
        current.remove();

        HttpResponse<String> response = future.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("hello " + alice.subject().orElseThrow());
        assertSubjectTokenNeverSentDownstream();
    }

    @Test
    void withoutASubjectTokenNothingIsSent() {
        ExchangingHttpClient http = ExchangingHttpClient.builder(authorizer).subjectTokenSource(SubjectTokenSource.none()).build();

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IllegalStateException.class);
        assertThat(downstream.received).isEmpty();
        assertThat(exchangesAtServer()).isZero();
    }

    @Test
    void aDownstream401InvalidTokenCausesOneReExchangeAndOneRetryWithTheBodyResent() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        downstream.answering(r -> calls.getAndIncrement() == 0 ? Downstream.Answer.invalidToken() : verifying(r));

        HttpResponse<String> response = http().send(HttpRequest.newBuilder(downstream.uri("/api/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("payload")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).endsWith(" payload");
        assertThat(downstream.received).hasSize(2).allSatisfy(r -> assertThat(r.body()).isEqualTo("payload"));
        assertThat(downstream.received.get(0).authorization()).isNotEqualTo(downstream.received.get(1).authorization());
        assertThat(exchangesAtServer()).isEqualTo(2);
        assertThat(events.invalidated).hasValue(1);
        assertSubjectTokenNeverSentDownstream();
    }

    @Test
    void aSecond401GoesBackToTheCallerNeverALoop() throws Exception {
        downstream.answering(r -> Downstream.Answer.invalidToken());

        HttpResponse<String> response = http().send(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("refused");
        assertThat(downstream.received).hasSize(2);
        assertThat(exchangesAtServer()).isEqualTo(2);
    }

    @Test
    void theSameRuleHoldsForSendAsync() throws Exception {
        downstream.answering(r -> Downstream.Answer.invalidToken());

        HttpResponse<String> response = http().sendAsync(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(),
                HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(downstream.received).hasSize(2);
        assertThat(exchangesAtServer()).isEqualTo(2);
    }

    @Test
    void other401sAnd403sAreNotRetried() throws Exception {
        downstream.answering(r -> r.uri().getPath().endsWith("/plain")
                ? new Downstream.Answer(401, Map.of("WWW-Authenticate", "Bearer realm=\"c\""), "who?")
                : new Downstream.Answer(403, Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\""), "no"));
        ExchangingHttpClient http = http();

        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(downstream.uri("/api/plain")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> forbidden = http.send(HttpRequest.newBuilder(downstream.uri("/api/scope")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(plain.statusCode()).isEqualTo(401);
        assertThat(plain.body()).isEqualTo("who?");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(downstream.received).hasSize(2);
        assertThat(exchangesAtServer()).isEqualTo(1);
    }

    @Test
    void urlsOfNoTargetAreRefusedBeforeAnythingIsSent() {
        ExchangingHttpClient http = http();
        URI base = downstream.uri("/api");
        List<URI> lookalikes = List.of(
                downstream.uri("/apix"),
                downstream.uri("/other/api"),
                downstream.uri("/api/../admin"),
                URI.create("http://localhost:" + base.getPort() + "/api/orders"),
                URI.create("http://127.0.0.1:" + (base.getPort() + 1) + "/api/orders"),
                URI.create("https://127.0.0.1:" + base.getPort() + "/api/orders"),
                URI.create("http://127.0.0.1.nip.io:" + base.getPort() + "/api/orders"));

        for (URI url : lookalikes) {
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()))
                    .as(url.toString()).isInstanceOf(UnknownDownstreamException.class);
        }
        assertThat(downstream.received).isEmpty();
        assertThat(exchangesAtServer()).isZero();
    }

    @Test
    void aRequestThatAlreadyHasAnAuthorizationHeaderIsRefusedNotOverwritten() {
        assertThatThrownBy(() -> http().send(HttpRequest.newBuilder(downstream.uri("/api/orders"))
                .header("authorization", "Bearer mine").build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IllegalArgumentException.class).isNotInstanceOf(UnknownDownstreamException.class);
        assertThat(downstream.received).isEmpty();
    }

    @Test
    void aSubjectTokenTheIssuerRefusesSurfacesAsTheCallersProblemAndNothingIsSent() {
        String forged = issuer.realm("demo").mint().subject("alice").asIssuedTo("service-a").signedWithUnknownKey().sign();
        ExchangingHttpClient http = ExchangingHttpClient.builder(authorizer).build().forSubject(SubjectToken.of(forged));

        TokenExchangeException e = catchThrowableOfType(TokenExchangeException.class,
                () -> http.send(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(), HttpResponse.BodyHandlers.ofString()));

        assertThat(e.category()).isEqualTo(Category.SUBJECT_TOKEN_REJECTED);
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(downstream.received).isEmpty();
    }

    @Test
    void aRedirectFollowingHttpClientIsRefused() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        assertThatThrownBy(() -> ExchangingHttpClient.builder(authorizer).httpClient(following))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redirect");
    }

    @Test
    void aRedirectFromTheTargetIsReturnedNotFollowed() throws Exception {
        downstream.answering(r -> r.uri().getPath().equals("/api/moved")
                ? new Downstream.Answer(302, Map.of("Location", "http://localhost:1/steal"), "")
                : verifying(r));

        HttpResponse<String> response = http().send(HttpRequest.newBuilder(downstream.uri("/api/moved")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(downstream.received).hasSize(1);
    }

    @Test
    void aRedirectToAnotherOriginNeverCarriesTheExchangedToken() throws Exception {
        try (Downstream elsewhere = new Downstream()) {
            elsewhere.answering(r -> Downstream.Answer.ok("landed"));
            downstream.answering(r -> new Downstream.Answer(302, Map.of("Location", elsewhere.uri("/landing").toString()), ""));

            HttpResponse<String> response = http().send(HttpRequest.newBuilder(downstream.uri("/api/moved")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(downstream.received).singleElement().satisfies(r -> assertThat(r.authorization()).startsWith("Bearer "));
            assertThat(elsewhere.received).isEmpty();
        }
    }

    // ---- the same rules through DownstreamAuthorizer, as the framework adapters use it

    @Test
    void adaptersGetTheHeaderValueAndApplyTheOneRetryRule() throws Exception {
        downstream.answering(r -> Downstream.Answer.invalidToken());
        HttpClient plain = HttpClient.newHttpClient();
        URI url = downstream.uri("/api/orders");
        SubjectToken subject = SubjectToken.of(alice);

        DownstreamAuthorization first = authorizer.authorize(url, subject);
        HttpResponse<Void> refused = plain.send(HttpRequest.newBuilder(url).header("Authorization", first.headerValue()).build(),
                HttpResponse.BodyHandlers.discarding());
        Optional<DownstreamAuthorization> retry = authorizer.retryFor(first, refused.statusCode(),
                refused.headers().allValues("WWW-Authenticate"));
        HttpResponse<Void> refusedAgain = plain.send(HttpRequest.newBuilder(url)
                .header("Authorization", retry.orElseThrow().headerValue()).build(), HttpResponse.BodyHandlers.discarding());
        Optional<DownstreamAuthorization> noSecondRetry = authorizer.retryFor(retry.get(), refusedAgain.statusCode(),
                refusedAgain.headers().allValues("WWW-Authenticate"));

        assertThat(first.target().name()).isEqualTo("service-c");
        assertThat(first.isRetry()).isFalse();
        assertThat(retry.get().isRetry()).isTrue();
        assertThat(retry.get().headerValue()).isNotEqualTo(first.headerValue());
        assertThat(noSecondRetry).isEmpty();
        assertThat(exchangesAtServer()).isEqualTo(2);
        assertThat(authorizer.retryFor(first, 200, List.of())).isEmpty();
        assertThat(first.toString()).doesNotContain(first.headerValue().substring(7));
        assertSubjectTokenNeverSentDownstream();
    }

    @Test
    void adaptersLearnWhichUrlsBelongToATarget() {
        assertThat(authorizer.targetFor(downstream.uri("/api/orders"))).map(DownstreamTarget::name).contains("service-c");
        assertThat(authorizer.targetFor(downstream.uri("/api/good"))).map(DownstreamTarget::name).contains("good-service");
        assertThat(authorizer.targetFor(downstream.uri("/apix"))).isEmpty();
        assertThatThrownBy(() -> authorizer.authorize(downstream.uri("/elsewhere"), SubjectToken.of(alice)))
                .isInstanceOf(UnknownDownstreamException.class).hasMessageNotContaining("?");
    }
}
