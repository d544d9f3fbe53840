package dev.audguard.spring.reactive;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.spring.client.ExchangingExchangeFilterFunction;
import dev.audguard.spring.client.ReactiveSecurityContextSubjectTokenSource;
import dev.audguard.spring.client.ReactiveSubjectTokenSource;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured {@code WebClient} filter in a WebFlux service on Reactor Netty: the subject
 * token comes from the reactive security context, the reference issuer exchanges it (RFC 8693),
 * and the downstream (a loopback server recording what it was sent) gets the exchanged token,
 * never the incoming one, and never across its redirect.
 */
class ReactiveExchangeIT {
    private static final List<String> atDownstream = new CopyOnWriteArrayList<>();
    private static final List<String> elsewhere = new CopyOnWriteArrayList<>();
    @RegisterExtension
    static final ReactiveService service = new ReactiveService();
    private static RealmHandle demo;
    private static HttpServer downstream;
    private static HttpServer other;

    @BeforeAll
    static void start() throws IOException {
        demo = service.issuer().realm("demo");
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            elsewhere.add(authorization == null ? "none" : authorization);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        downstream.createContext("/api/whoami", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            atDownstream.add(authorization == null ? "none" : authorization);
            byte[] body = "downstream".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        downstream.createContext("/api/moved", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            atDownstream.add(authorization == null ? "none" : authorization);
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/landing");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        other.start();
        service.onClose(() -> other.stop(0));
        downstream.start();
        service.onClose(() -> downstream.stop(0));
        service.start(new Class<?>[]{Calls.class}, demo.issuerUrl(),
                "spring.security.oauth2.resourceserver.jwt.audiences", "service-b",
                "spring.security.oauth2.resourceserver.jwt.principal-claim-name", "preferred_username",
                "audguard.default-chain.permit-all", "/public/**",
                "audguard.exchange.client-id", "service-b",
                "audguard.exchange.client-secret", "b-secret",
                "audguard.exchange.issuer", demo.issuerUrl(),
                "audguard.exchange.targets.service-c.base-url", "http://127.0.0.1:" + downstream.getAddress().getPort() + "/api",
                "audguard.exchange.targets.service-c.audience", "service-c",
                "audguard.exchange.targets.nowhere.base-url", "http://127.0.0.1:" + downstream.getAddress().getPort() + "/nowhere",
                "audguard.exchange.targets.nowhere.audience", "no-such-client");
    }

    @BeforeEach
    void clear() {
        atDownstream.clear();
        elsewhere.clear();
    }

    private static String alice() {
        return demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
    }

    @Test
    void theAutoConfiguredFilterReadsTheReactiveSecurityContext() {
        assertThat(service.context().getBean(ReactiveSubjectTokenSource.class)).isInstanceOf(ReactiveSecurityContextSubjectTokenSource.class);
    }

    @Test
    void theDownstreamGetsAnExchangedTokenNeverTheIncomingOne() throws ParseException {
        String incoming = alice();

        HttpResponse<String> response = Http.bearer(service.uri("/call/whoami"), incoming);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("200:downstream");
        assertThat(atDownstream).singleElement().asString().startsWith("Bearer ").isNotEqualTo("Bearer " + incoming);
        var claims = SignedJWT.parse(atDownstream.get(0).substring("Bearer ".length())).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly("service-c");
        assertThat(claims.getStringClaim("azp")).isEqualTo("service-b");
        assertThat(claims.getSubject()).isEqualTo(SignedJWT.parse(incoming).getJWTClaimsSet().getSubject());
    }

    @Test
    void eachRequestActsWithItsOwnSubject() throws ParseException {
        Http.bearer(service.uri("/call/whoami"), alice());
        String bob = demo.passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();
        Http.bearer(service.uri("/call/whoami"), bob);

        assertThat(atDownstream).hasSize(2);
        assertThat(SignedJWT.parse(atDownstream.get(1).substring("Bearer ".length())).getJWTClaimsSet().getSubject())
                .isEqualTo(SignedJWT.parse(bob).getJWTClaimsSet().getSubject())
                .isNotEqualTo(SignedJWT.parse(atDownstream.get(0).substring("Bearer ".length())).getJWTClaimsSet().getSubject());
    }

    @Test
    void aRedirectFromTheDownstreamIsNotFollowedWithTheToken() {
        HttpResponse<String> response = Http.bearer(service.uri("/call/moved"), alice());

        assertThat(response.body()).isEqualTo("302:");
        assertThat(atDownstream).singleElement().asString().startsWith("Bearer ");
        assertThat(elsewhere).isEmpty();
    }

    @Test
    void withoutASubjectTokenTheCallFailsAndNothingIsSent() {
        HttpResponse<String> response = Http.get(service.uri("/public/call/whoami"));

        assertThat(response.body()).isEqualTo("refused:no subject token for this call: "
                + "it is made outside a request authenticated with a bearer token");
        assertThat(atDownstream).isEmpty();
    }

    @Test
    void aFailedExchangeAnswersWithItsCategoryNotA500() {
        HttpResponse<String> response = Http.bearer(service.uri("/call-nowhere"), alice());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).isEqualTo("{\"error\":\"bad_gateway\",\"error_description\":\"The token exchange is misconfigured.\"}");
        assertThat(atDownstream).isEmpty();
    }

    /** Handlers calling the downstream with the auto-configured filter, returning the Mono (no block). */
    @Configuration(proxyBeanMethods = false)
    static class Calls {
        @Bean
        WebClient serviceC(WebClient.Builder builder, ExchangingExchangeFilterFunction exchanging) {
            return builder.filter(exchanging).build();
        }

        @Bean
        CallsApi callsApi(WebClient serviceC,
                          @Value("${audguard.exchange.targets.service-c.base-url}") String serviceCBase) {
            return new CallsApi(serviceC, serviceCBase);
        }
    }

    @RestController
    record CallsApi(WebClient serviceC, String serviceCBase) {
        @GetMapping("/call/{target}")
        Mono<String> call(@PathVariable String target) {
            return serviceC.get().uri(serviceCBase + "/" + target)
                    .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                            .map(body -> response.statusCode().value() + ":" + body));
        }

        @GetMapping("/call-nowhere")
        Mono<String> nowhere() {
            return serviceC.get().uri(serviceCBase.replace("/api", "/nowhere") + "/x").retrieve().bodyToMono(String.class);
        }

        @GetMapping("/public/call/{target}")
        Mono<String> anonymous(@PathVariable String target) {
            return call(target).onErrorResume(IllegalStateException.class, e -> Mono.just("refused:" + e.getMessage()));
        }
    }
}
