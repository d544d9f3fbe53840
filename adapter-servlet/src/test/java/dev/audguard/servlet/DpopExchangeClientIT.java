package dev.audguard.servlet;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.DpopPolicy;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.ExchangeRequest;
import dev.audguard.exchange.ExchangedToken;
import dev.audguard.exchange.ExchangingHttpClient;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client side of DPoP end to end: service B exchanges alice's token at the reference issuer with a
 * proof, gets a token bound to its key, and calls service C (the servlet filter on Jetty, DPoP required,
 * with server nonces) with a proof per request; the same token without its proof, as Bearer, or with a
 * proof by another key is refused.
 */
class DpopExchangeClientIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    static RealmHandle demo;
    static JettyServer jetty;
    static final DpopProofSigner SIGNER = DpopProofSigner.generate();
    static TokenExchangeClient exchange;

    /** Holds the filter until Jetty's port, which htu is checked against, is known. */
    static final class Deferred implements Filter {
        private volatile FilterConfig config;
        private volatile Filter delegate;

        @Override
        public void init(FilterConfig config) {
            this.config = config;
        }

        void set(Filter filter) throws ServletException {
            filter.init(config);
            this.delegate = filter;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            delegate.doFilter(request, response, chain);
        }
    }

    @BeforeAll
    static void start() throws ServletException {
        demo = issuer.realm("demo");
        Deferred deferred = new Deferred();
        jetty = JettyServer.start(JettyServer.App.of("/app", deferred));
        SenderConstraints constraints = SenderConstraints.builder().dpop(DpopVerifier.builder()
                .externalBaseUrl(jetty.uri("")).policy(DpopPolicy.REQUIRED).requireNonces(Duration.ofMinutes(5)).build()).build();
        deferred.set(BearerTokenFilter.builder(TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-c").build())
                .realm("demo").senderBinding(constraints.step()).build());
        exchange = TokenExchangeClient.builder().tokenEndpoint(demo.tokenEndpoint()).clientSecret("service-b", "b-secret")
                .dpop(SIGNER).build();
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    static VerifiedToken alice() {
        return TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build()
                .validate(demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken());
    }

    static ExchangedToken boundToken() {
        return exchange.exchange(ExchangeRequest.forSubject(alice()).audience("service-c").build());
    }

    static HttpResponse<String> call(String authorization, String proof) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(jetty.uri("/app/orders/42")).GET().timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization);
        if (proof != null) {
            request.header("DPoP", proof);
        }
        return Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The nonce the service answers with, so a refusal below is about the proof and not the nonce. */
    static String nonce() throws Exception {
        String token = boundToken().accessToken();
        HttpResponse<String> askedForNonce = call("DPoP " + token, SIGNER.proof("GET", jetty.uri("/app/orders/42"), token, null));
        assertThat(askedForNonce.headers().allValues("WWW-Authenticate")).anyMatch(c -> c.contains("use_dpop_nonce"));
        return askedForNonce.headers().firstValue("DPoP-Nonce").orElseThrow();
    }

    @Test
    void exchangedBoundTokenWithProofsIsServed() throws Exception {
        DownstreamAuthorizer authorizer = DownstreamAuthorizer.builder(exchange)
                .target("service-c", jetty.uri("/app"), t -> t.audience("service-c")).build();

        HttpResponse<String> response = ExchangingHttpClient.builder(authorizer).build().forSubject(alice())
                .send(HttpRequest.newBuilder(jetty.uri("/app/orders/42")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.lines(response)).containsEntry("path", "/orders/42");
    }

    @Test
    void boundTokenWithoutProofIsRefused() throws Exception {
        HttpResponse<String> response = call("DPoP " + boundToken().accessToken(), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(String.join(" ", response.headers().allValues("WWW-Authenticate"))).contains("DPoP");
    }

    @Test
    void boundTokenAsBearerIsRefused() throws Exception {
        HttpResponse<String> response = call("Bearer " + boundToken().accessToken(), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void proofByAnotherKeyIsRefused() throws Exception {
        String token = boundToken().accessToken();
        String nonce = nonce();
        DpopProofSigner other = DpopProofSigner.generate();

        HttpResponse<String> refused = call("DPoP " + token, other.proof("GET", jetty.uri("/app/orders/42"), token, nonce));
        HttpResponse<String> served = call("DPoP " + token, SIGNER.proof("GET", jetty.uri("/app/orders/42"), token, nonce));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(String.join(" ", refused.headers().allValues("WWW-Authenticate"))).contains("invalid_dpop_proof");
        assertThat(served.statusCode()).isEqualTo(200);
    }
}
