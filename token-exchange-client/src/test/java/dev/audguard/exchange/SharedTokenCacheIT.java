package dev.audguard.exchange;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared cache of exchanged tokens: instances (here, clients) sharing one exchange once; what is
 * stored and under what key; a failing cache is an empty one, never a refusal. WireMock proxies to
 * the reference issuer and counts the exchanges that crossed the wire. The Redis implementation is
 * tested against a real redis-server in replay-store-redis ({@code RedisExchangeCacheIT}).
 */
class SharedTokenCacheIT {
    private static final String TOKEN_PATH = "/realms/demo/protocol/openid-connect/token";

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @RegisterExtension
    static final IssuerProxy proxy = new IssuerProxy(issuer);
    private RecordingListener events;

    /** A shared cache in a map, with times to live on a clock: what Redis does, in the test's memory. */
    static class MapCache implements SharedTokenCache {
        final Map<String, String> values = new ConcurrentHashMap<>();
        final Map<String, Instant> deadlines = new ConcurrentHashMap<>();
        final List<Duration> timesToLive = new CopyOnWriteArrayList<>();
        final List<String> removed = new CopyOnWriteArrayList<>();
        private final Clock clock;

        MapCache(Clock clock) {
            this.clock = clock;
        }

        @Override
        public CompletionStage<Optional<String>> get(String key) {
            Instant deadline = deadlines.get(key);
            if (deadline == null || !clock.instant().isBefore(deadline)) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return CompletableFuture.completedFuture(Optional.ofNullable(values.get(key)));
        }

        @Override
        public CompletionStage<Void> put(String key, String value, Duration timeToLive) {
            values.put(key, value);
            deadlines.put(key, clock.instant().plus(timeToLive));
            timesToLive.add(timeToLive);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> remove(String key) {
            values.remove(key);
            deadlines.remove(key);
            removed.add(key);
            return CompletableFuture.completedFuture(null);
        }
    }

    @BeforeEach
    void newListener() {
        events = new RecordingListener();
    }

    private static RealmHandle demo() {
        return issuer.realm("demo");
    }

    private TokenExchangeClient instance(SharedTokenCache shared, UnaryOperator<TokenExchangeClient.Builder> options) {
        return options.apply(TokenExchangeClient.builder().tokenEndpoint(URI.create(proxy.baseUrl() + TOKEN_PATH))
                .clientSecret("service-b", "b-secret").listener(events).sharedCache(shared)).build();
    }

    private static int exchangesAtServer() {
        return proxy.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"))).size();
    }

    private static VerifiedToken tokenOf(String user) {
        String raw = demo().passwordGrant("service-a", "a-secret", user, user).accessToken();
        return TokenValidator.builder().issuer(demo().issuerUrl()).audience("service-b").build().validate(raw);
    }

    private static ExchangeRequest forC(VerifiedToken subject) {
        return ExchangeRequest.forSubject(subject).audience("service-c").build();
    }

    @Test
    void twoInstancesSharingTheCacheExchangeOnceAndServeTheSameValidToken() {
        MapCache shared = new MapCache(Clock.systemUTC());
        VerifiedToken alice = tokenOf("alice");

        ExchangedToken first = instance(shared, b -> b).exchange(forC(alice));
        ExchangedToken second = instance(shared, b -> b).exchange(forC(alice));

        assertThat(exchangesAtServer()).isEqualTo(1);
        assertThat(events.sharedHits).hasValue(1);
        assertThat(second.accessToken()).isEqualTo(first.accessToken());
        assertThat(second.expiresAt()).isEqualTo(first.expiresAt());
        VerifiedToken atC = TokenValidator.builder().issuer(demo().issuerUrl()).audience("service-c").build()
                .validate(second.accessToken());
        assertThat(atC.subject()).isEqualTo(alice.subject());
    }

    @Test
    void storesTheExchangeResponseOnlyUnderADigestAndUntilBeforeTheTokenExpires() {
        MapCache shared = new MapCache(Clock.systemUTC());
        VerifiedToken alice = tokenOf("alice");

        ExchangedToken token = instance(shared, b -> b).exchange(forC(alice));

        assertThat(shared.values).hasSize(1);
        String key = shared.values.keySet().iterator().next();
        String value = shared.values.get(key);
        assertThat(key).matches("[0-9a-f]{64}").doesNotContain(alice.rawToken().substring(0, 20));
        assertThat(value).contains(token.accessToken()).doesNotContain(alice.rawToken()).doesNotContain("b-secret");
        // the 300 s token, less the 30 s skew: never the token's whole life
        assertThat(shared.timesToLive).singleElement().satisfies(ttl -> assertThat(ttl)
                .isPositive().isLessThanOrEqualTo(Duration.between(Instant.now(), token.expiresAt()).minusSeconds(29)));
    }

    @Test
    void otherSubjectsAudiencesOrDpopKeysAreOtherEntries() {
        MapCache shared = new MapCache(Clock.systemUTC());
        VerifiedToken alice = tokenOf("alice");
        VerifiedToken bob = tokenOf("bob");

        TokenExchangeClient plain = instance(shared, b -> b);
        ExchangedToken aliceC = plain.exchange(forC(alice));
        ExchangedToken bobC = instance(shared, b -> b).exchange(forC(bob));
        ExchangedToken aliceGood = instance(shared, b -> b).exchange(ExchangeRequest.forSubject(alice).audience("good-service")
                .scope("good-service", "profile").build());
        // straight to the issuer: a DPoP proof names the URL it is sent to, which the proxy is not
        ExchangedToken aliceDpop = TokenExchangeClient.builder().issuer(demo().issuerUrl())
                .clientSecret("service-b", "b-secret").listener(events).sharedCache(shared)
                .dpop(DpopProofSigner.generate()).build().exchange(forC(alice));

        assertThat(exchangesAtServer()).isEqualTo(3);
        assertThat(aliceDpop.tokenType()).isEqualToIgnoringCase("DPoP");
        assertThat(shared.values).hasSize(4);
        assertThat(List.of(aliceC, bobC, aliceGood, aliceDpop)).extracting(ExchangedToken::accessToken).doesNotHaveDuplicates();
        assertThat(events.sharedHits).hasValue(0);
    }

    @Test
    void anEntryPastItsDeadlineIsNotServedEvenIfTheStoreStillHasIt() {
        MutableClock clock = MutableClock.startingNow();
        // a store that ignores times to live: the client must still not serve what is past its deadline
        MapCache forgetful = new MapCache(Clock.systemUTC()) {
            @Override
            public CompletionStage<Void> put(String key, String value, Duration timeToLive) {
                return super.put(key, value, Duration.ofDays(1));
            }
        };
        VerifiedToken alice = tokenOf("alice");
        ExchangedToken first = instance(forgetful, b -> b.clock(clock)).exchange(forC(alice));

        clock.advance(Duration.ofSeconds(280));
        ExchangedToken later = instance(forgetful, b -> b.clock(clock)).exchange(forC(alice));

        assertThat(later.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(exchangesAtServer()).isEqualTo(2);
        assertThat(events.sharedHits).hasValue(0);
    }

    @Test
    void aCacheThatThrowsFailsOrNeverAnswersIsAnEmptyOneNeverARefusal() {
        VerifiedToken alice = tokenOf("alice");
        SharedTokenCache throwing = new SharedTokenCache() {
            @Override
            public CompletionStage<Optional<String>> get(String key) {
                throw new IllegalStateException("down");
            }

            @Override
            public CompletionStage<Void> put(String key, String value, Duration timeToLive) {
                throw new IllegalStateException("down");
            }

            @Override
            public CompletionStage<Void> remove(String key) {
                throw new IllegalStateException("down");
            }
        };
        SharedTokenCache failing = new SharedTokenCache() {
            @Override
            public CompletionStage<Optional<String>> get(String key) {
                return CompletableFuture.failedFuture(new java.io.IOException("connection refused"));
            }

            @Override
            public CompletionStage<Void> put(String key, String value, Duration timeToLive) {
                return CompletableFuture.failedFuture(new java.io.IOException("connection refused"));
            }

            @Override
            public CompletionStage<Void> remove(String key) {
                return CompletableFuture.failedFuture(new java.io.IOException("connection refused"));
            }
        };
        SharedTokenCache silent = new SharedTokenCache() {
            @Override
            public CompletionStage<Optional<String>> get(String key) {
                return new CompletableFuture<>();
            }

            @Override
            public CompletionStage<Void> put(String key, String value, Duration timeToLive) {
                return new CompletableFuture<>();
            }

            @Override
            public CompletionStage<Void> remove(String key) {
                return new CompletableFuture<>();
            }
        };

        for (SharedTokenCache broken : List.of(throwing, failing, silent)) {
            ExchangedToken token = instance(broken, b -> b.sharedCacheTimeout(Duration.ofMillis(50))).exchange(forC(alice));
            assertThat(token.accessToken()).isNotEmpty();
        }

        assertThat(exchangesAtServer()).isEqualTo(3);
        // throwing: read and write; failing: read and write; silent: read (its write never ends)
        assertThat(events.sharedFailures).hasValue(5);
    }

    @Test
    void anUnreadableEntryIsAMissAndTheNewTokenReplacesIt() {
        MapCache shared = new MapCache(Clock.systemUTC());
        VerifiedToken alice = tokenOf("alice");
        instance(shared, b -> b).exchange(forC(alice));
        String key = shared.values.keySet().iterator().next();
        for (String garbage : List.of("not json", "{\"v\":2,\"access_token\":\"x\",\"token_type\":\"Bearer\",\"cache_until\":1}",
                "{\"v\":1,\"token_type\":\"Bearer\",\"cache_until\":99999999999999}")) {
            shared.values.put(key, garbage);

            ExchangedToken token = instance(shared, b -> b).exchange(forC(alice));

            assertThat(token.accessToken()).isNotEqualTo("x").isNotEmpty();
            assertThat(shared.values.get(key)).contains(token.accessToken());
        }
        assertThat(exchangesAtServer()).isEqualTo(4);
        assertThat(events.sharedFailures).hasValue(3);
    }

    @Test
    void aTokenADownstreamRefusedLeavesTheSharedCacheToo() {
        MapCache shared = new MapCache(Clock.systemUTC());
        VerifiedToken alice = tokenOf("alice");
        TokenExchangeClient one = instance(shared, b -> b);
        ExchangedToken token = one.exchange(forC(alice));

        one.invalidate(forC(alice), token);
        ExchangedToken other = instance(shared, b -> b).exchange(forC(alice));

        assertThat(shared.removed).hasSize(1);
        assertThat(other.accessToken()).isNotEqualTo(token.accessToken());
        assertThat(exchangesAtServer()).isEqualTo(2);
    }

    @Test
    void contradictoryOptionsFailAtBuild() {
        MapCache shared = new MapCache(Clock.systemUTC());
        URI endpoint = URI.create(proxy.baseUrl() + TOKEN_PATH);

        assertThatThrownBy(() -> TokenExchangeClient.builder().tokenEndpoint(endpoint).clientSecret("service-b", "b-secret")
                .sharedCache(shared).disableCache().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sharedCache(..) and disableCache()");
        assertThatThrownBy(() -> TokenExchangeClient.builder().tokenEndpoint(endpoint).clientSecret("service-b", "b-secret")
                .sharedCacheTimeout(Duration.ofMillis(100)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sharedCacheTimeout(..) applies to sharedCache(..)");
        assertThatThrownBy(() -> TokenExchangeClient.builder().sharedCache(shared).sharedCache(shared))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TokenExchangeClient.builder().sharedCacheTimeout(Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 10 ms and 5 s");
    }
}
