package dev.audguard.exchange;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds every example of the README and of the Javadoc, run against the reference issuer and a
 * loopback downstream, and checks that each example's text appears here verbatim (whitespace
 * aside), so the documentation cannot drift from code that compiles and works.
 */
class DocumentationExamplesIT {

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private final String secret = "b-secret";
    private final ThreadLocal<VerifiedToken> currentRequestToken = new ThreadLocal<>();
    private Downstream service;
    private URI serviceC;
    private String issuerUrl;
    private VerifiedToken verifiedToken;
    private TokenValidator atServiceC;

    @BeforeEach
    void setUp() {
        RealmHandle demo = issuer.realm("demo");
        issuerUrl = demo.issuerUrl();
        atServiceC = TokenValidator.builder().issuer(issuerUrl).audience("service-c").build();
        service = new Downstream().answering(r -> {
            try {
                return Downstream.Answer.ok("hello " + atServiceC.validate(r.authorization().substring(7)).subject().orElseThrow());
            } catch (RuntimeException e) {
                return Downstream.Answer.invalidToken();
            }
        });
        serviceC = service.uri("/api");
        verifiedToken = ReferenceIssuerExchangeIT.aliceAtServiceB(demo);
    }

    @AfterEach
    void tearDown() {
        service.close();
        currentRequestToken.remove();
    }

    private TokenExchangeClient exchangeClient() {
        return TokenExchangeClient.builder().issuer(issuerUrl).clientSecret("service-b", secret).build();
    }

    private DownstreamAuthorizer downstream(TokenExchangeClient exchangeClient) {
        return DownstreamAuthorizer.builder(exchangeClient).target("service-c", serviceC, t -> t.audience("service-c")).build();
    }

    // ---- README.md

    @Test
    void readmeCallADownstreamService() throws Exception {
        TokenExchangeClient exchangeClient = TokenExchangeClient.builder()
            .issuer(issuerUrl)                        // https://idp.example.com/realms/demo; discovery on first use
            .clientSecret("service-b", secret)        // client_secret_basic; or clientSecretPost(..), privateKeyJwt(..)
            .build();

        DownstreamAuthorizer downstream = DownstreamAuthorizer.builder(exchangeClient)
            .target("service-c", serviceC, t -> t.audience("service-c"))   // serviceC: https://service-c.internal/api
            .build();

        ExchangingHttpClient http = ExchangingHttpClient.builder(downstream).build();
        HttpResponse<String> response = http.forSubject(verifiedToken)     // the token this request came with
            .send(HttpRequest.newBuilder(serviceC.resolve("api/orders/7")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello " + verifiedToken.subject().orElseThrow());
        assertThat(service.received).singleElement().satisfies(r -> assertThat(r.uri().getPath()).isEqualTo("/api/orders/7"));
    }

    @Test
    void readmeSubjectFromTheRequestBeingServed() throws Exception {
        DownstreamAuthorizer downstream = downstream(exchangeClient());
        currentRequestToken.set(verifiedToken);

        SubjectTokenSource source = () -> Optional.ofNullable(currentRequestToken.get()).map(SubjectToken::of);
        ExchangingHttpClient http = ExchangingHttpClient.builder(downstream).subjectTokenSource(source).build();

        assertThat(http.send(HttpRequest.newBuilder(serviceC.resolve("api/x")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void readmeAndJavadocAddAStepToEveryCall() throws Exception {
        DownstreamAuthorizer downstream = downstream(exchangeClient());

        ExchangingHttpClient http = ExchangingHttpClient.builder(downstream)
            .addInterceptor(Interceptor.requests(r -> HttpRequest.newBuilder(r, (name, value) -> true)
                .header("X-Request-Id", UUID.randomUUID().toString()).build()))   // a header on every call
            .build();

        assertThat(http.forSubject(verifiedToken).send(HttpRequest.newBuilder(serviceC.resolve("api/x")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(service.received).singleElement().satisfies(r -> assertThat(r.headers().keySet())
                .anyMatch(name -> name.equalsIgnoreCase("X-Request-Id")));
    }

    @Test
    void readmeExchangeATokenYourself() {
        TokenExchangeClient exchangeClient = exchangeClient();

        ExchangedToken token = exchangeClient.exchange(ExchangeRequest.forSubject(verifiedToken)
            .audience("service-c")
            .scope("profile")                         // also resource(..), requestedTokenType(..), actorToken(token, type)
            .build());
        String header = token.authorizationHeaderValue();   // "Bearer ..."; a token_type of N_A never becomes one

        assertThat(atServiceC.validate(header.substring(7)).scopes()).contains("profile");
    }

    @Test
    void readmeForAdapterAuthors() throws Exception {
        DownstreamAuthorizer downstream = downstream(exchangeClient());
        AtomicInteger calls = new AtomicInteger();
        service.answering(r -> calls.getAndIncrement() == 0 ? Downstream.Answer.invalidToken() : Downstream.Answer.ok("ok"));
        URI url = serviceC.resolve("api/orders");
        SubjectToken subject = SubjectToken.of(verifiedToken);
        HttpClient plain = HttpClient.newHttpClient();

        DownstreamAuthorization auth = downstream.authorize(url, subject);          // throws UnknownDownstreamException
        HttpResponse<Void> first = plain.send(HttpRequest.newBuilder(url)
            .header("Authorization", auth.headerValue()).build(), HttpResponse.BodyHandlers.discarding());
        Optional<DownstreamAuthorization> retry = downstream.retryFor(auth, first.statusCode(),
            first.headers().allValues("WWW-Authenticate"));                          // empty unless 401 invalid_token, first time

        assertThat(first.statusCode()).isEqualTo(401);
        assertThat(retry).hasValueSatisfying(r -> assertThat(r.headerValue()).isNotEqualTo(auth.headerValue()));
    }

    // ---- Javadoc

    @Test
    void readmeASharedCache() {
        String secret = "b-secret";
        SharedTokenCache shared = new SharedTokenCacheIT.MapCache(java.time.Clock.systemUTC());
        TokenExchangeClient client = TokenExchangeClient.builder()
            .issuer("https://idp.example.com/realms/demo")
            .clientSecret("orders-api", secret)
            .sharedCache(shared)                          // a SharedTokenCache, e.g. a RedisExchangeCache
            .sharedCacheTimeout(Duration.ofMillis(250))   // the default: after it, exchange anyway
            .build();

        assertThat(client.clientId()).isEqualTo("orders-api");
    }

    @Test
    void javadocOfTokenExchangeClient() {
        TokenExchangeClient exchangeClient = TokenExchangeClient.builder()
            .issuer(issuerUrl)                         // e.g. https://idp.example.com/realms/demo; discovery on first use
            .clientSecret("service-b", secret)         // client_secret_basic
            .build();                                  // immutable, thread-safe, share one per service
        ExchangedToken token = exchangeClient.exchange(ExchangeRequest.forSubject(verifiedToken).audience("service-c").build());

        assertThat(atServiceC.validate(token.accessToken()).audiences()).containsExactly("service-c");
    }

    @Test
    void javadocOfExchangeRequest() {
        TokenExchangeClient exchangeClient = exchangeClient();

        ExchangeRequest request = ExchangeRequest.forSubject(verifiedToken)
            .audience("service-c")
            .build();
        ExchangedToken token = exchangeClient.exchange(request);

        assertThat(atServiceC.validate(token.accessToken()).audiences()).containsExactly("service-c");
    }

    @Test
    void javadocOfDownstreamAuthorizer() throws Exception {
        TokenExchangeClient exchangeClient = exchangeClient();
        URI url = serviceC.resolve("api/orders");
        SubjectToken subject = SubjectToken.of(verifiedToken);
        HttpClient http = HttpClient.newHttpClient();
        service.answering(r -> Downstream.Answer.invalidToken());

        DownstreamAuthorizer downstream = DownstreamAuthorizer.builder(exchangeClient)
            .target("service-c", serviceC, t -> t.audience("service-c"))       // serviceC: the base URL, e.g. https://c.internal/api
            .build();

        DownstreamAuthorization auth = downstream.authorize(url, subject);     // refuses URLs of no target
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
            .header("Authorization", auth.headerValue()).build(), HttpResponse.BodyHandlers.ofString());
        Optional<DownstreamAuthorization> retry = downstream.retryFor(auth, response.statusCode(),
            response.headers().allValues("WWW-Authenticate"));
        if (retry.isPresent()) {                                                // 401 invalid_token, the first time
            response = http.send(HttpRequest.newBuilder(url)
                .header("Authorization", retry.get().headerValue()).build(), HttpResponse.BodyHandlers.ofString());
        }                                                                       // a second 401 goes to the caller

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(service.received).hasSize(2);
    }

    @Test
    void javadocOfExchangingHttpClientAndSubjectTokenSource() throws Exception {
        DownstreamAuthorizer downstream = downstream(exchangeClient());
        SubjectTokenSource source = () -> Optional.ofNullable(currentRequestToken.get()).map(SubjectToken::of);
        currentRequestToken.set(verifiedToken);

        ExchangingHttpClient exchanging = ExchangingHttpClient.builder(downstream)   // a DownstreamAuthorizer
            .subjectTokenSource(source)                                           // the inbound request's token, from the adapter
            .build();
        HttpRequest request = HttpRequest.newBuilder(serviceC.resolve("api/orders")).build();
        HttpResponse<String> response = exchanging.send(request, HttpResponse.BodyHandlers.ofString());
        // or with an explicit subject:
        response = exchanging.forSubject(verifiedToken).send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(service.received).hasSize(2).allSatisfy(r -> assertThat(r.authorization()).startsWith("Bearer "));
    }

    @Test
    void javadocOfRetryScheduler() {
        List<Duration> delays = new CopyOnWriteArrayList<>();
        RetryScheduler immediate = delay -> { delays.add(delay); return Runnable::run; };

        List<String> ran = new ArrayList<>();
        immediate.after(Duration.ofSeconds(3)).execute(() -> ran.add("ran"));
        assertThat(delays).containsExactly(Duration.ofSeconds(3));
        assertThat(ran).containsExactly("ran");
    }

    // ---- the documentation holds nothing this class does not

    private static final Pattern README_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern JAVADOC_BLOCK = Pattern.compile("<pre>\\{@code\\n(.*?)}</pre>", Pattern.DOTALL);

    private static String normalized(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }

    private static String thisSource() throws IOException {
        return normalized(Files.readString(Path.of("src/test/java/dev/audguard/exchange/DocumentationExamplesIT.java"),
                StandardCharsets.UTF_8));
    }

    @Test
    void everyReadmeExampleIsHeldHere() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher blocks = README_BLOCK.matcher(readme);
        String source = thisSource();
        int count = 0;
        while (blocks.find()) {
            count++;
            assertThat(source).as("README example %d is held by this class", count).contains(normalized(blocks.group(1)));
        }
        assertThat(count).isEqualTo(6);
    }

    @Test
    void everyJavadocExampleIsHeldHere() throws IOException {
        String source = thisSource();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("src/main/java"))) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        int count = 0;
        for (Path file : files) {
            Matcher blocks = JAVADOC_BLOCK.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (blocks.find()) {
                count++;
                String code = blocks.group(1).replaceAll("(?m)^\\s*\\*", "");
                assertThat(source).as("the example in %s is held by this class", file.getFileName()).contains(normalized(code));
            }
        }
        assertThat(count).isEqualTo(7);
    }
}
