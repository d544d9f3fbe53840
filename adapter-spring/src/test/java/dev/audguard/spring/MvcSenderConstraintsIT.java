package dev.audguard.spring;

import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.TestCertificates;
import dev.audguard.testsupport.issuer.ProxiedCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.audguard.spring.SenderConstraintFixtures.boundToCertificate;
import static dev.audguard.spring.SenderConstraintFixtures.boundToKey;
import static dev.audguard.spring.SenderConstraintFixtures.send;
import static dev.audguard.spring.SenderConstraintFixtures.unbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * Sender-constrained tokens in a Spring MVC application on embedded Tomcat, over real HTTP: the
 * cases of the WebFlux side's {@code ReactiveSenderConstraintsIT}, so that both stacks are proven
 * alike. DPoP (RFC 9449) configured by properties only ({@code audguard.dpop.*}), with policy
 * required and with server nonces; in a chain of the application written with
 * {@code o.jwt(withDefaults())}; certificate-bound tokens (RFC 8705) over real mutual TLS with a
 * {@link SenderConstraints} bean; and a trusted proxy's certificate header, which the application
 * never sees from an untrusted peer. Tokens come from the reference issuer.
 */
class MvcSenderConstraintsIT {
    /** What clients call the service; deliberately not the loopback address they connect to: htu comes from here. */
    static final String EXTERNAL = "https://mvc.example.com";
    static final String AUDIENCE = "service-b";

    @RegisterExtension
    static final DemoIssuer issuer = new DemoIssuer();

    static RealmHandle demo() {
        return issuer.demo();
    }

    /** Starts the service with {@code sources} and properties (names and values in turn). */
    static ConfigurableApplicationContext start(List<Class<?>> sources, List<String> properties) {
        Map<String, Object> all = new HashMap<>();
        for (int i = 0; i < properties.size(); i += 2) {
            all.put(properties.get(i), properties.get(i + 1));
        }
        all.put("server.port", "0");
        all.put("server.address", "127.0.0.1");
        all.put("spring.main.banner-mode", "off");
        all.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", demo().issuerUrl());
        all.put("spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE);
        all.put("spring.security.oauth2.resourceserver.jwt.principal-claim-name", "preferred_username");
        return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).web(WebApplicationType.SERVLET).properties(all).run();
    }

    static ConfigurableApplicationContext start(Class<?> app, String... properties) {
        return start(List.of(app), List.of(properties));
    }

    static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Api.class)
    static class Service {
    }

    @RestController
    static class Api {
        @GetMapping("/api/data")
        String data(@AuthenticationPrincipal Jwt jwt) {
            return "data:" + jwt.getClaimAsString("preferred_username");
        }

        @GetMapping("/api/cnf")
        String cnf(@AuthenticationPrincipal Jwt jwt) {
            return String.valueOf(jwt.getClaimAsMap("cnf") != null);
        }

        @GetMapping("/api/header")
        String header(@RequestHeader(name = "X-SSL-Client-Cert", required = false) String certificate) {
            return certificate == null ? "none" : "seen";
        }
    }

    /** A DPoP client of a service at {@code base}: proofs for {@link #EXTERNAL} joined with the path. */
    static final class DpopClient {
        final DpopProofSigner key = DpopProofSigner.generate();
        final URI base;

        DpopClient(URI base) {
            this.base = base;
        }

        String proof(String method, String path, String token) {
            return key.proof(method, URI.create(EXTERNAL + path), token, null);
        }

        HttpResponse<String> call(String path, String scheme, String token, String... proofs) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
            if (token != null) {
                request.header("Authorization", scheme + " " + token);
            }
            for (String proof : proofs) {
                request.header("DPoP", proof);
            }
            return send(Http.CLIENT, request);
        }
    }

    /** The service a nested class starts once ({@link #startService()}) with a DPoP client of it; closed after its last test. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract class DpopService {
        ConfigurableApplicationContext context;
        DpopClient client;

        abstract ConfigurableApplicationContext startService();

        @BeforeAll
        void start() {
            context = startService();
            client = new DpopClient(URI.create("http://127.0.0.1:" + port(context)));
        }

        @AfterAll
        void stop() {
            if (context != null) {
                context.close();
            }
        }
    }

    @Nested
    class DpopByProperties extends DpopService {
        @Override
        ConfigurableApplicationContext startService() {
            return MvcSenderConstraintsIT.start(Service.class, "audguard.dpop.external-base-url", EXTERNAL,
                    "audguard.realm", "demo");
        }

        @Test
        void aTokenTheIssuerBoundWithAValidProofIsServed() throws Exception {
            String token = SenderConstraintFixtures.issuedWithProof(demo(), "service-a", "a-secret", client.key);

            HttpResponse<String> response = client.call("/api/data?page=1", "DPoP", token, client.proof("GET", "/api/data", token));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("data:alice");
        }

        @Test
        void theApplicationStillSeesTheConfirmationClaimOfItsJwt() throws Exception {
            String token = boundToKey(demo(), AUDIENCE, client.key);

            HttpResponse<String> response = client.call("/api/cnf", "DPoP", token, client.proof("GET", "/api/cnf", token));

            assertThat(response.body()).isEqualTo("true");
        }

        @Test
        void aReplayedProofIsRefusedWithTheDpopChallenge() throws Exception {
            String token = boundToKey(demo(), AUDIENCE, client.key);
            String proof = client.proof("GET", "/api/data", token);
            assertThat(client.call("/api/data", "DPoP", token, proof).statusCode()).isEqualTo(200);

            HttpResponse<String> replay = client.call("/api/data", "DPoP", token, proof);

            assertThat(replay.statusCode()).isEqualTo(401);
            assertThat(replay.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"demo\"",
                    "DPoP algs=\"ES256\", error=\"invalid_dpop_proof\", error_description=\"The DPoP proof was used before.\"");
            assertThat(replay.body()).doesNotContain(proof).doesNotContain(token);
        }

        @Test
        void aBoundTokenSentAsBearerIsRefused() throws Exception {
            String token = boundToKey(demo(), AUDIENCE, client.key);

            HttpResponse<String> response = client.call("/api/data", "Bearer", token, client.proof("GET", "/api/data", token));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"")
                    .contains("The access token is bound to a key and must be presented with a DPoP proof.");
        }

        @Test
        void aProofForTheAddressConnectedToIsRefusedBecauseHtuComesFromTheConfiguredUrl() throws Exception {
            String token = boundToKey(demo(), AUDIENCE, client.key);
            String connectedTo = client.key.proof("GET", client.base.resolve("/api/data"), token, null);

            HttpResponse<String> response = client.call("/api/data", "DPoP", token, connectedTo);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate").get(1)).contains("The DPoP proof was made for another URI.");
        }

        @Test
        void aProofForAnotherMethodIsRefused() throws Exception {
            String token = boundToKey(demo(), AUDIENCE, client.key);

            HttpResponse<String> response = client.call("/api/data", "DPoP", token, client.proof("POST", "/api/data", token));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate").get(1)).contains("error=\"invalid_dpop_proof\"")
                    .contains("The DPoP proof was made for another HTTP method.");
        }

        @Test
        void aProofByAnotherKeyIsRefused() throws Exception {
            String token = boundToKey(demo(), AUDIENCE, client.key);
            DpopProofSigner thief = DpopProofSigner.generate();

            HttpResponse<String> response = client.call("/api/data", "DPoP", token,
                    thief.proof("GET", URI.create(EXTERNAL + "/api/data"), token, null));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate").get(1)).contains("error=\"invalid_dpop_proof\"");
        }

        @Test
        void aBoundTokenWithoutProofOrWithTwoProofsIsRefused() throws Exception {
            String token = boundToKey(demo(), AUDIENCE, client.key);

            assertThat(client.call("/api/data", "DPoP", token).headers().allValues("WWW-Authenticate").get(1))
                    .contains("error=\"invalid_dpop_proof\"");
            assertThat(client.call("/api/data", "DPoP", token, client.proof("GET", "/api/data", token),
                    client.proof("GET", "/api/data", token)).statusCode()).isEqualTo(401);
        }

        @Test
        void everyRefusalOffersTheDpopSchemeAndUnboundBearerTokensStillPass() throws Exception {
            HttpResponse<String> none = client.call("/api/data", null, null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"demo\"", "DPoP algs=\"ES256\"");

            assertThat(client.call("/api/data", "Bearer", unbound(demo(), AUDIENCE)).body()).isEqualTo("data:alice");
        }

        @Test
        void aTokenForAnotherServiceIsRefusedUnderTheDpopSchemeToo() throws Exception {
            String forC = demo().mint().subject("alice").audience("service-c")
                    .claim("cnf", Map.of("jkt", client.key.thumbprint())).sign();

            HttpResponse<String> response = client.call("/api/data", "DPoP", forC, client.proof("GET", "/api/data", forC));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("The access token is not intended for this service.");
        }

        @Test
        void theMetadataAdvertisesDpop() {
            HttpResponse<String> metadata = Http.get(client.base.resolve("/.well-known/oauth-protected-resource"));

            assertThat(metadata.body()).contains("\"dpop_signing_alg_values_supported\":[\"ES256\"]")
                    .contains("\"dpop_bound_access_tokens_required\":false");
        }
    }

    @Nested
    class RequiredDpopWithNonces extends DpopService {
        @Override
        ConfigurableApplicationContext startService() {
            // a rotation far longer than the test: a nonce stays good in its period and the next
            return MvcSenderConstraintsIT.start(Service.class, "audguard.dpop.external-base-url", EXTERNAL,
                    "audguard.dpop.policy", "required", "audguard.dpop.nonce-rotation", "30m");
        }

        @Test
        void aBearerTokenIsRefused() throws Exception {
            HttpResponse<String> response = client.call("/api/data", "Bearer", unbound(demo(), AUDIENCE));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("invalid_token");
        }

        @Test
        void aProofWithoutTheNonceGetsOneAndTheRetryWithItIsServed() throws Exception {
            String token = boundToKey(demo(), AUDIENCE, client.key);

            HttpResponse<String> first = client.call("/api/data", "DPoP", token, client.proof("GET", "/api/data", token));

            assertThat(first.statusCode()).isEqualTo(401);
            assertThat(first.headers().allValues("WWW-Authenticate").get(1)).contains("error=\"use_dpop_nonce\"");
            String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();

            HttpResponse<String> retry = client.call("/api/data", "DPoP", token,
                    client.key.proof("GET", URI.create(EXTERNAL + "/api/data"), token, nonce));

            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(retry.headers().firstValue("DPoP-Nonce")).isPresent();
        }

        @Test
        void theMetadataSaysDpopIsRequired() {
            assertThat(Http.get(client.base.resolve("/.well-known/oauth-protected-resource")).body())
                    .contains("\"dpop_bound_access_tokens_required\":true");
        }
    }

    /** A chain of the application's own, written with nothing but o.jwt(withDefaults()). */
    @Configuration(proxyBeanMethods = false)
    static class OwnChain {
        @Bean
        SecurityFilterChain api(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).oauth2ResourceServer(o -> o.jwt(withDefaults()));
            return http.build();
        }
    }

    @Nested
    class OwnChainWithJwtDefaults extends DpopService {
        @Override
        ConfigurableApplicationContext startService() {
            return MvcSenderConstraintsIT.start(List.of(Service.class, OwnChain.class),
                    List.of("audguard.dpop.external-base-url", EXTERNAL));
        }

        @Test
        void getsThePolicyTooAProofIsCheckedAndABoundBearerTokenRefused() throws Exception {
            String token = boundToKey(demo(), AUDIENCE, client.key);
            String proof = client.proof("GET", "/api/data", token);

            assertThat(client.call("/api/data", "DPoP", token, proof).body()).isEqualTo("data:alice");
            assertThat(client.call("/api/data", "DPoP", token, proof).headers().allValues("WWW-Authenticate").get(1))
                    .contains("The DPoP proof was used before.");
            assertThat(client.call("/api/data", "Bearer", token).statusCode()).isEqualTo(401);
            assertThat(client.call("/api/data", "Bearer", unbound(demo(), "service-c")).statusCode()).isEqualTo(401);
        }
    }

    @Nested
    class MutualTls extends MutualTlsContract {
        MutualTls() {
            super(MvcSenderConstraintsIT::demo, AUDIENCE);
        }

        @Override
        protected ConfigurableApplicationContext start(List<String> serverProperties) {
            return MvcSenderConstraintsIT.start(List.of(Service.class, CertificateConstraints.class), serverProperties);
        }

        @Test
        void theMetadataAdvertisesCertificateBoundTokens() throws Exception {
            HttpResponse<String> metadata = send(stores.client(null),
                    HttpRequest.newBuilder(data.resolve("/.well-known/oauth-protected-resource")).GET());

            assertThat(metadata.body()).contains("\"tls_client_certificate_bound_access_tokens\":true");
        }
    }

    /** A service trusting the certificate header of nginx at {@code trustedProxies}; the tests connect from 127.0.0.1. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract class ProxyHeader {
        ConfigurableApplicationContext context;
        URI base;
        String header;
        TestCertificates.Issued alice;
        private final String trustedProxies;

        ProxyHeader(String trustedProxies) {
            this.trustedProxies = trustedProxies;
        }

        @BeforeAll
        void start() throws Exception {
            context = MvcSenderConstraintsIT.start(Service.class, "audguard.mtls.enabled", "true",
                    "audguard.mtls.proxy-header-format", "nginx", "audguard.mtls.proxy-header-name", "X-SSL-Client-Cert",
                    "audguard.mtls.trusted-proxies", trustedProxies);
            base = URI.create("http://127.0.0.1:" + port(context));
            alice = TestCertificates.newCa().issueClient("alice");
            header = ProxiedCertificates.headerValue(alice);
        }

        @AfterAll
        void stop() {
            if (context != null) {
                context.close();
            }
        }

        /** {@code path} with {@code token} and the proxy header under {@code headerName}. */
        HttpResponse<String> call(String path, String token, String headerName) throws Exception {
            return send(Http.CLIENT, HttpRequest.newBuilder(base.resolve(path)).GET()
                    .header("Authorization", "Bearer " + token).header(headerName, header));
        }

        /** {@code /api/data} with a token bound to alice's certificate, which the header carries. */
        HttpResponse<String> boundWithTheHeader() throws Exception {
            return call("/api/data", boundToCertificate(demo(), AUDIENCE, alice), "X-SSL-Client-Cert");
        }

        /** {@code /api/header}, which tells whether the controller sees the header, sent under {@code headerName}. */
        HttpResponse<String> headerSeen(String headerName) throws Exception {
            return call("/api/header", unbound(demo(), AUDIENCE), headerName);
        }
    }

    @Nested
    class ProxyHeaderFromAnUntrustedPeer extends ProxyHeader {
        ProxyHeaderFromAnUntrustedPeer() {
            super("10.0.0.0/8");
        }

        @Test
        void isIgnoredByTheBindingAndNeverSeenByTheController() throws Exception {
            HttpResponse<String> bound = boundWithTheHeader();
            HttpResponse<String> seen = headerSeen("x-ssl-client-cert");

            assertThat(bound.statusCode()).isEqualTo(401);
            assertThat(bound.body()).contains("The access token is bound to a client certificate and none was presented.");
            assertThat(seen.statusCode()).isEqualTo(200);
            assertThat(seen.body()).isEqualTo("none");
        }
    }

    @Nested
    class ProxyHeaderFromATrustedProxy extends ProxyHeader {
        ProxyHeaderFromATrustedProxy() {
            super("127.0.0.1/32");
        }

        @Test
        void bindsTheTokenAndReachesTheController() throws Exception {
            HttpResponse<String> bound = boundWithTheHeader();
            HttpResponse<String> seen = headerSeen("X-SSL-Client-Cert");

            assertThat(bound.statusCode()).isEqualTo(200);
            assertThat(seen.body()).isEqualTo("seen");
        }
    }
}
