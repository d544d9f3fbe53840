package dev.audguard.samples.reactive;

import dev.audguard.core.TokenValidationException;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.testsupport.issuer.IntrospectionRealms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.WebFilter;
import reactor.blockhound.BlockHound;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BlockHound over the sample's request path (run in its own failsafe execution, with
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods}): a cold start with concurrent requests and a
 * JWKS outage make no blocking call on a Netty event-loop thread, while a validation called on the
 * event loop on purpose (the probe below, what audguard avoids with boundedElastic) is caught. A
 * DPoP proof check (replay store included) and an introspection call run on the same path.
 */
class ReactiveServiceBlockHoundIT {
    private static final List<String> BLOCKING = Collections.synchronizedList(new ArrayList<>());
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static ReferenceIssuer issuer;
    private static ReferenceIssuer down;
    private static ReferenceIssuer probe;
    private static ReferenceIssuer opaque;
    private static final String EXTERNAL = "https://reactive.example.com";
    private static final DpopProofSigner DPOP_CLIENT = DpopProofSigner.generate();
    private static ConfigurableApplicationContext context;
    private static URI base;

    /** Validates on the calling thread, the event loop: the mistake the BlockHound check must catch. */
    static class BlockingProbe {
        @Bean
        @Order(-200)
        WebFilter blockingProbe(TokenValidator validator) {
            return (exchange, chain) -> {
                if (!exchange.getRequest().getPath().value().equals("/probe/blocking")) {
                    return chain.filter(exchange);
                }
                String authorization = exchange.getRequest().getHeaders().getFirst("Authorization");
                try {
                    validator.validate(authorization.substring("Bearer ".length()));
                    exchange.getResponse().setStatusCode(HttpStatus.OK);
                } catch (TokenValidationException refused) {
                    exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
                }
                return exchange.getResponse().setComplete();
            };
        }
    }

    /**
     * DPoP checked by the front door, its replay store included: the sample's users add this bean to get it.
     * With it the sample runs with the profile {@code sender-constraints-bean}, which leaves out its own
     * {@code audguard.dpop.*} properties: properties beside such a bean fail start-up.
     */
    static class Dpop {
        @Bean
        SenderConstraints senderConstraints() {
            return SenderConstraints.builder().dpop(DpopVerifier.builder().externalBaseUrl(URI.create(EXTERNAL)).build())
                    .certificateBound().build();
        }
    }

    @BeforeAll
    static void start() {
        // the integrations (Reactor's schedulers, Netty's event loops) say which threads must not block
        BlockHound.Builder builder = BlockHound.builder();
        java.util.ServiceLoader.load(reactor.blockhound.integration.BlockHoundIntegration.class).forEach(builder::with);
        builder.blockingMethodCallback(ReactiveServiceBlockHoundIT::recordIfOurs).install();
        issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
        down = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
        probe = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
        opaque = ReferenceIssuer.builder().realm(IntrospectionRealms.opaqueTokensForReactiveService()).start();
        down.realm("demo").faults().discovery(Fault.down()).jwks(Fault.down());
        RealmHandle introspected = opaque.realm("demo");
        context = new SpringApplicationBuilder(ReactiveService.class, BlockingProbe.class, Dpop.class).web(WebApplicationType.REACTIVE)
                .run("--port=0", "--spring.profiles.active=sender-constraints-bean", "--issuer=" + issuer.issuerUrl("demo"),
                        "--audguard.issuers[0].uri=" + down.issuerUrl("demo"),
                        "--audguard.issuers[1].uri=" + probe.issuerUrl("demo"),
                        "--audguard.issuers[2].uri=" + introspected.issuerUrl(),
                        "--audguard.introspection.endpoint=" + introspected.introspectionEndpoint(),
                        "--audguard.introspection.issuer=" + introspected.issuerUrl(),
                        "--audguard.introspection.client-id=reactive-service",
                        "--audguard.introspection.client-secret=reactive-secret");
        base = URI.create("http://127.0.0.1:" + ((ReactiveWebServerApplicationContext) context).getWebServer().getPort());
    }

    /**
     * Records a blocking call made on a Netty event loop (whoever made it), or made by audguard's code
     * on any thread BlockHound calls non-blocking. Reactor's own bookkeeping on its parallel scheduler
     * sometimes parks on a contended JDK executor lock (seen as {@code parallel-N: Unsafe#park} under
     * load, with no audguard frame; reactor/reactor-core#2004 is one such case): not what this test
     * is about, and not recorded. The stack goes into the record, so a failure says who blocked.
     */
    private static void recordIfOurs(reactor.blockhound.BlockingMethod method) {
        Thread thread = Thread.currentThread();
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int blocked = 0;
        while (blocked < stack.length && !(stack[blocked].getClassName().equals(method.getClassName())
                && stack[blocked].getMethodName().equals(method.getName()))) {
            blocked++;
        }
        StringBuilder callers = new StringBuilder();
        boolean ours = false;
        for (int i = blocked; i < stack.length; i++) {
            ours |= stack[i].getClassName().startsWith("dev.audguard.");
            callers.append("\n\tat ").append(stack[i]);
        }
        if (ours || thread.getName().startsWith("reactor-http-")) {
            BLOCKING.add(thread.getName() + ": " + method + callers);
        }
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        for (ReferenceIssuer i : new ReferenceIssuer[] {issuer, down, probe, opaque}) {
            if (i != null) {
                i.close();
            }
        }
    }

    @BeforeEach
    void forgetEarlierCalls() {
        BLOCKING.clear();
    }

    private static CompletableFuture<HttpResponse<String>> get(String path, String token) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aColdStartAndAJwksOutageMakeNoBlockingCallOnTheEventLoop() throws Exception {
        String token = issuer.realm("demo").mint().subject("alice").audience("reactive-service").sign();
        String fromDown = down.realm("demo").mint().subject("alice").audience("reactive-service").sign();
        List<CompletableFuture<HttpResponse<String>>> cold = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            cold.add(get("/api/data", token));
        }
        CompletableFuture<HttpResponse<String>> outage = get("/api/data", fromDown);
        CompletableFuture.allOf(cold.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(cold).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(200));
        assertThat(outage.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        assertThat(BLOCKING).isEmpty();
    }

    @Test
    void aDpopProofAndAnIntrospectionMakeNoBlockingCallOnTheEventLoop() throws Exception {
        String bound = issuer.realm("demo").mint().subject("alice").audience("reactive-service")
                .claim("cnf", Map.of("jkt", DPOP_CLIENT.thumbprint())).sign();
        String proof = DPOP_CLIENT.proof("GET", URI.create(EXTERNAL + "/api/data"), bound, null);
        String token = opaque.realm("demo").passwordGrant("caller", "caller-secret", "alice", "alice").accessToken();
        assertThat(token).as("an opaque token").doesNotContain(".");

        CompletableFuture<HttpResponse<String>> dpop = CLIENT.sendAsync(HttpRequest.newBuilder(base.resolve("/api/data"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "DPoP " + bound).header("DPoP", proof).build(),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> introspection = get("/api/data", token);

        assertThat(dpop.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(introspection.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(BLOCKING).isEmpty();
    }

    @Test
    void aValidationOnTheEventLoopIsCaughtAsBlocking() throws Exception {
        String token = probe.realm("demo").mint().subject("alice").audience("reactive-service").sign();

        HttpResponse<String> response = get("/probe/blocking", token).get(60, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(BLOCKING).isNotEmpty();
    }
}
