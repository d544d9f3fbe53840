package dev.audguard.exchange;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.TokenExchangeException.Category;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The cache, single flight and cache keys, counted where it matters: WireMock proxies every request
 * to the reference issuer, and its journal counts the exchange requests that really crossed the
 * wire (the listener's count is checked against it).
 */
class ExchangeCacheIT {
    private static final String TOKEN_PATH = "/realms/demo/protocol/openid-connect/token";

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @RegisterExtension
    static final IssuerProxy proxy = new IssuerProxy(issuer, 64);
    private final ExecutorService pool = Executors.newFixedThreadPool(32);
    private RecordingListener events;

    @BeforeEach
    void newListener() {
        events = new RecordingListener();
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static RealmHandle demo() {
        return issuer.realm("demo");
    }

    private TokenExchangeClient client(UnaryOperator<TokenExchangeClient.Builder> options) {
        return options.apply(TokenExchangeClient.builder().tokenEndpoint(URI.create(proxy.baseUrl() + TOKEN_PATH))
                .clientSecret("service-b", "b-secret").listener(events)).build();
    }

    /** Token-exchange requests the issuer received through the proxy. */
    private static int exchangesAtServer() {
        return proxy.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"))).size();
    }

    private static VerifiedToken verifiedAtServiceB(String raw) {
        return TokenValidator.builder().issuer(demo().issuerUrl()).audience("service-b").build().validate(raw);
    }

    private static VerifiedToken tokenOf(String user) {
        return verifiedAtServiceB(demo().passwordGrant("service-a", "a-secret", user, user).accessToken());
    }

    private static TokenValidator serviceC() {
        return TokenValidator.builder().issuer(demo().issuerUrl()).audience("service-c").build();
    }

    private <T> List<T> concurrently(int calls, Callable<T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void fiveHundredConcurrentCallsForOneSubjectAndTargetMakeExactlyOneExchange() throws Exception {
        TokenExchangeClient client = client(b -> b);
        VerifiedToken alice = tokenOf("alice");

        List<ExchangedToken> tokens = concurrently(500,
                () -> client.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build()));

        assertThat(exchangesAtServer()).isEqualTo(1);
        assertThat(events.sent).hasValue(1);
        assertThat(events.cacheHits).hasValue(499);
        assertThat(tokens.stream().map(ExchangedToken::accessToken).distinct()).hasSize(1);
        assertThat(serviceC().validate(tokens.get(0).accessToken()).subject()).isEqualTo(alice.subject());
    }

    @Test
    void aHundredDistinctSubjectsMakeAHundredExchangesEachGettingItsOwnToken() throws Exception {
        TokenExchangeClient client = client(b -> b);
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            subjects.add(demo().mint().subject(i % 2 == 0 ? "alice" : "bob").asIssuedTo("service-a").sign());
        }
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            indexes.add(i);
        }
        List<Integer> order = new ArrayList<>(indexes);
        List<String> results = new ArrayList<>(concurrently(100, new Callable<>() {
            private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public String call() {
                int i = order.get(next.getAndIncrement());
                ExchangedToken token = client.exchange(ExchangeRequest.forSubject(subjects.get(i)).audience("service-c").build());
                String expectedSub = demo().subjectOf(i % 2 == 0 ? "alice" : "bob");
                assertThat(serviceC().validate(token.accessToken()).subject()).contains(expectedSub);
                return token.accessToken();
            }
        }));

        assertThat(exchangesAtServer()).isEqualTo(100);
        assertThat(events.sent).hasValue(100);
        assertThat(new HashSet<>(results)).hasSize(100);
    }

    @Test
    void twoSubjectsNeverReceiveEachOthersToken() throws Exception {
        TokenExchangeClient client = client(b -> b);
        VerifiedToken alice = tokenOf("alice");
        VerifiedToken bob = tokenOf("bob");
        TokenValidator serviceC = serviceC();

        List<Boolean> rightOwner = concurrently(400, new Callable<>() {
            private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public Boolean call() {
                VerifiedToken subject = calls.getAndIncrement() % 2 == 0 ? alice : bob;
                ExchangedToken token = client.exchange(ExchangeRequest.forSubject(subject).audience("service-c").build());
                return serviceC.validate(token.accessToken()).subject().equals(subject.subject());
            }
        });

        assertThat(rightOwner).hasSize(400).containsOnly(true);
        assertThat(exchangesAtServer()).isEqualTo(2);
    }

    @Test
    void anEntryIsNotReusedAfterTheSubjectTokenExpires() {
        MutableClock clock = MutableClock.startingNow();
        TokenExchangeClient client = client(b -> b.clock(clock));
        // lives 60 s, well below the exchanged token's 300 s: the subject bounds the entry
        String subject = demo().mint().subject("alice").asIssuedTo("service-a").expiresIn(Duration.ofSeconds(60)).sign();
        ExchangeRequest request = ExchangeRequest.forSubject(subject).audience("service-c").build();

        ExchangedToken first = client.exchange(request);
        clock.advance(Duration.ofSeconds(55));
        ExchangedToken cached = client.exchange(request);
        clock.advance(Duration.ofSeconds(10));
        ExchangedToken afterSubjectExpiry = client.exchange(request);

        assertThat(cached.accessToken()).isEqualTo(first.accessToken());
        assertThat(afterSubjectExpiry.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(exchangesAtServer()).isEqualTo(2);
    }

    @Test
    void anEntryIsNotReusedWithinTheSkewOfTheExchangedTokensExpiry() {
        MutableClock clock = MutableClock.startingNow();
        TokenExchangeClient client = client(b -> b.clock(clock).expirySkew(Duration.ofSeconds(30)));
        ExchangeRequest request = ExchangeRequest.forSubject(tokenOf("alice")).audience("service-c").build();

        ExchangedToken first = client.exchange(request);
        clock.advance(Duration.ofSeconds(260));
        ExchangedToken cached = client.exchange(request);
        clock.advance(Duration.ofSeconds(15));     // 275 s of 300: inside the 30 s skew
        ExchangedToken renewed = client.exchange(request);

        assertThat(cached.accessToken()).isEqualTo(first.accessToken());
        assertThat(renewed.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(exchangesAtServer()).isEqualTo(2);
    }

    @Test
    void aChangedScopeOrAudienceIsADifferentEntryTheSameParametersInAnotherOrderAreNot() {
        TokenExchangeClient client = client(b -> b);
        VerifiedToken alice = tokenOf("alice");

        ExchangedToken c = client.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build());
        ExchangedToken cWithScope = client.exchange(ExchangeRequest.forSubject(alice).audience("service-c")
                .scope("profile good-service").build());
        ExchangedToken good = client.exchange(ExchangeRequest.forSubject(alice).audience("good-service")
                .scope("good-service", "profile").build());
        ExchangedToken cWithScopeAgain = client.exchange(ExchangeRequest.forSubject(alice).audience("service-c")
                .scope("good-service", "profile").build());
        ExchangedToken cAgain = client.exchange(ExchangeRequest.forSubject(alice).audience("service-c", "service-c").build());

        assertThat(exchangesAtServer()).isEqualTo(3);
        assertThat(List.of(c.accessToken(), cWithScope.accessToken(), good.accessToken())).doesNotHaveDuplicates();
        assertThat(cWithScopeAgain.accessToken()).isEqualTo(cWithScope.accessToken());
        assertThat(cAgain.accessToken()).isEqualTo(c.accessToken());
        assertThat(TokenValidator.builder().issuer(demo().issuerUrl()).audience("good-service").build()
                .validate(good.accessToken()).audiences()).containsExactly("good-service");
    }

    @Test
    void byDefaultCachesExplicitlyDisabledCacheAsksTheIssuerEveryTime() {
        VerifiedToken alice = tokenOf("alice");
        TokenExchangeClient cached = client(b -> b);
        cached.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build());
        cached.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build());
        assertThat(exchangesAtServer()).isEqualTo(1);
        assertThat(cached.cachedTokens()).isEqualTo(1);

        TokenExchangeClient uncached = client(TokenExchangeClient.Builder::disableCache);
        uncached.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build());
        uncached.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build());
        assertThat(exchangesAtServer()).isEqualTo(3);
        assertThat(uncached.cachedTokens()).isZero();
    }

    @Test
    void failuresAreNotCached() {
        TokenExchangeClient client = client(b -> b);
        VerifiedToken alice = tokenOf("alice");
        demo().faults().token(Fault.status(400).times(1));

        TokenExchangeException failed = catchThrowableOfType(TokenExchangeException.class,
                () -> client.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build()));
        ExchangedToken recovered = client.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build());

        assertThat(failed.category()).isEqualTo(Category.CONFIGURATION);
        assertThat(exchangesAtServer()).isEqualTo(2);
        assertThat(serviceC().validate(recovered.accessToken()).audiences()).containsExactly("service-c");
        assertThat(events.failures).containsExactly(Category.CONFIGURATION);
    }

    @Test
    void invalidateDropsTheEntryOnlyWhileItStillHoldsTheRejectedToken() {
        TokenExchangeClient client = client(b -> b);
        ExchangeRequest request = ExchangeRequest.forSubject(tokenOf("alice")).audience("service-c").build();
        ExchangedToken first = client.exchange(request);

        assertThat(client.invalidate(request, first)).isTrue();
        ExchangedToken second = client.exchange(request);
        assertThat(client.invalidate(request, first)).as("a newer token is cached: it stays").isFalse();
        ExchangedToken third = client.exchange(request);

        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(third.accessToken()).isEqualTo(second.accessToken());
        assertThat(exchangesAtServer()).isEqualTo(2);
        assertThat(events.invalidated).hasValue(2);
    }

    @Test
    void theListenersCountMatchesTheServersAndCarriesNoToken() {
        TokenExchangeClient client = client(b -> b);
        VerifiedToken alice = tokenOf("alice");
        for (int i = 0; i < 3; i++) {
            client.exchange(ExchangeRequest.forSubject(alice).audience("service-c").build());
        }

        assertThat(events.sent.get()).isEqualTo(exchangesAtServer()).isEqualTo(1);
        assertThat(events.cacheHits).hasValue(2);
        Set<String> rendered = new HashSet<>();
        events.events.forEach(e -> rendered.add(e.toString()));
        assertThat(rendered).allSatisfy(text -> assertThat(text).doesNotContain(alice.rawToken())
                .contains(alice.fingerprint()).contains("service-c").contains("service-b"));
    }
}
