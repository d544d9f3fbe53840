package dev.audguard.exchange;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link Interceptor} chain of {@link ExchangingHttpClient} over real HTTP: the reference
 * issuer exchanges, a loopback downstream keeps what it receives. Added interceptors run first, in
 * order, never see the exchanged token, and cannot make the client loop on refusals.
 */
class InterceptorChainIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private Downstream downstream;
    private RecordingListener events;
    private DownstreamAuthorizer authorizer;
    private VerifiedToken alice;

    @BeforeEach
    void setUp() {
        events = new RecordingListener();
        downstream = new Downstream();
        TokenExchangeClient exchange = TokenExchangeClient.builder().issuer(issuer.realm("demo").issuerUrl())
                .clientSecret("service-b", "b-secret").listener(events).build();
        // the same targets as ExchangingHttpClientIT: /api/good is the more specific one
        authorizer = DownstreamAuthorizer.builder(exchange)
                .target("service-c", downstream.uri("/api"), t -> t.audience("service-c"))
                .target("good-service", downstream.uri("/api/good"), t -> t.scope("good-service").audience("good-service"))
                .build();
        alice = ReferenceIssuerExchangeIT.aliceAtServiceB(issuer.realm("demo"));
    }

    @AfterEach
    void tearDown() {
        downstream.close();
    }

    private ExchangingHttpClient http(Interceptor... interceptors) {
        ExchangingHttpClient.Builder builder = ExchangingHttpClient.builder(authorizer);
        for (Interceptor interceptor : interceptors) {
            builder.addInterceptor(interceptor);
        }
        return builder.build().forSubject(alice);
    }

    private static HttpRequest withHeader(HttpRequest request, String name, String value) {
        return HttpRequest.newBuilder(request, (n, v) -> true).header(name, value).build();
    }

    private static String header(Downstream.Received received, String name) {
        return received.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }

    @Test
    void addedInterceptorsRunInTheOrderAddedBeforeTheBearerStepAndNeverSeeTheToken() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Interceptor first = Interceptor.requests(r -> {
            seen.add("first " + r.headers().firstValue("Authorization").orElse("no token"));
            return withHeader(r, "X-Trace", "first");
        });
        Interceptor second = Interceptor.requests(r -> {
            seen.add("second " + r.headers().allValues("X-Trace") + " " + r.headers().firstValue("Authorization").orElse("no token"));
            return withHeader(r, "X-Trace", "second");
        });

        HttpResponse<String> response = http(first, second).send(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen).containsExactly("first no token", "second [first] no token");
        Downstream.Received received = downstream.received.get(0);
        assertThat(received.headers().entrySet()).filteredOn(e -> e.getKey().equalsIgnoreCase("X-Trace"))
                .singleElement().satisfies(e -> assertThat(e.getValue()).containsExactly("first", "second"));
        assertThat(received.authorization()).startsWith("Bearer ").doesNotContain(alice.rawToken());
    }

    @Test
    void anInterceptorSeesTheResponseAfterTheOneRetry() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        downstream.answering(r -> calls.getAndIncrement() == 0 ? Downstream.Answer.invalidToken() : Downstream.Answer.ok("hello"));
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        Interceptor watching = new Interceptor() {
            @Override
            public <T> CompletableFuture<HttpResponse<T>> intercept(Chain<T> chain) {
                return chain.proceed(chain.request()).thenApply(response -> {
                    statuses.add(response.statusCode());
                    return response;
                });
            }
        };

        HttpResponse<String> response = http(watching).send(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("hello");
        assertThat(statuses).containsExactly(200);
        assertThat(downstream.received).hasSize(2);
        assertThat(events.sent).hasValue(2);
    }

    @Test
    void a401OnTheFreshTokenGivesUpEvenWhenAnInterceptorProceedsAgain() throws Exception {
        downstream.answering(r -> Downstream.Answer.invalidToken());
        Interceptor insisting = new Interceptor() {
            @Override
            public <T> CompletableFuture<HttpResponse<T>> intercept(Chain<T> chain) {
                return chain.proceed(chain.request())
                        .thenCompose(response -> response.statusCode() == 401 ? chain.proceed(chain.request()) : CompletableFuture.completedFuture(response))
                        .thenCompose(response -> response.statusCode() == 401 ? chain.proceed(chain.request()) : CompletableFuture.completedFuture(response));
            }
        };

        HttpResponse<String> response = http(insisting).send(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("refused");
        // the first token, the fresh one, then the fresh one again for each of the interceptor's proceeds
        assertThat(downstream.received).hasSize(4);
        assertThat(downstream.received.get(0).authorization()).isNotEqualTo(downstream.received.get(1).authorization());
        assertThat(downstream.received.subList(1, 4)).extracting(Downstream.Received::authorization).containsOnly(
                downstream.received.get(1).authorization());
        assertThat(events.sent).hasValue(2);
    }

    @Test
    void anInterceptorThatSetsAuthorizationFailsTheCallBeforeAnythingIsSent() {
        Interceptor forging = Interceptor.requests(r -> withHeader(r, "Authorization", "Bearer forged"));

        assertThatThrownBy(() -> http(forging).send(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already has an Authorization header")
                .hasMessageNotContaining("forged");
        assertThat(downstream.received).isEmpty();
        assertThat(events.sent).hasValue(0);
    }

    @Test
    void aRewrittenUrlGetsTheTokenOfTheTargetItNowBelongsTo() throws Exception {
        Interceptor rewriting = Interceptor.requests(r -> HttpRequest.newBuilder(r, (n, v) -> true)
                .uri(downstream.uri("/api/good/orders")).build());

        http(rewriting).send(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(), HttpResponse.BodyHandlers.ofString());

        Downstream.Received received = downstream.received.get(0);
        assertThat(received.uri().getPath()).isEqualTo("/api/good/orders");
        TokenValidator goodService = TokenValidator.builder().issuer(issuer.realm("demo").issuerUrl()).audience("good-service").build();
        assertThat(goodService.validate(received.authorization().substring(7)).audiences()).contains("good-service");
    }

    @Test
    void aUrlRewrittenToNoTargetFailsTheCallBeforeAnythingIsSent() {
        URI elsewhere = URI.create("https://evil.example/collect");
        Interceptor leaking = Interceptor.requests(r -> HttpRequest.newBuilder(r, (n, v) -> true).uri(elsewhere).build());

        assertThatThrownBy(() -> http(leaking).send(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(UnknownDownstreamException.class);
        assertThat(downstream.received).isEmpty();
        assertThat(events.sent).hasValue(0);
    }

    @Test
    void anInterceptorThatThrowsFailsTheCallWithItsException() {
        Interceptor broken = Interceptor.requests(r -> {
            throw new IllegalStateException("broken interceptor");
        });

        assertThatThrownBy(() -> http(broken).send(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IllegalStateException.class).hasMessage("broken interceptor");
        assertThatThrownBy(() -> http(broken).sendAsync(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(),
                HttpResponse.BodyHandlers.ofString()).join())
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(downstream.received).isEmpty();
    }

    @Test
    void interceptorsAreKeptByForSubject() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ExchangingHttpClient base = ExchangingHttpClient.builder(authorizer)
                .addInterceptor(Interceptor.requests(r -> {
                    calls.incrementAndGet();
                    return r;
                }))
                .build();

        base.forSubject(alice).send(HttpRequest.newBuilder(downstream.uri("/api/orders")).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(calls).hasValue(1);
        assertThat(base.toString()).contains("interceptors=1");
        assertThat(header(downstream.received.get(0), "Authorization")).startsWith("Bearer ");
    }
}
