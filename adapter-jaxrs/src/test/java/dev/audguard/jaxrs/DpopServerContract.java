package dev.audguard.jaxrs;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.binding.DpopPolicy;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.Http;
import jakarta.annotation.Priority;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP (RFC 9449) at a Jakarta REST server, over real HTTP, run on Jersey ({@code JerseyDpopServerIT})
 * and RESTEasy ({@code ResteasyDpopServerIT}): the feature with
 * {@code senderBinding(SenderConstraints...step())}, tokens from the reference issuer. What the
 * conformance kit's {@code dpopAt(..)} cases already prove on both runtimes ({@code *ConformanceIT})
 * is not repeated here except where the exact answer matters; this adds a token the issuer itself
 * bound, the exact challenges, the policies, the metadata, a request rewritten by the application's
 * own {@code @PreMatching} filter, a per-path policy a matrix parameter must not step around, and the
 * log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DpopServerContract {
    /** What clients call the service; deliberately not the loopback address they connect to: htu comes from here. */
    static final String EXTERNAL = "https://jaxrs.example.com";
    static final String METADATA = EXTERNAL + "/.well-known/oauth-protected-resource";
    static final String BEARER_CHALLENGE = "Bearer realm=\"demo\", resource_metadata=\"" + METADATA + "\"";

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private RealmHandle demo;
    private TestServer allowed;
    private TestServer required;
    private final DpopProofSigner key = DpopProofSigner.generate();

    /** The runtime under test: serves {@code app} on loopback, port 0. */
    abstract TestServer start(Application app);

    @BeforeAll
    void startServers() {
        demo = issuer.realm("demo");
        allowed = start(new TestApp(Set.of(feature(DpopPolicy.ALLOWED), new Rewrites()), Api.class));
        required = start(new TestApp(Set.of(feature(DpopPolicy.REQUIRED), new Rewrites()), Api.class));
    }

    @AfterAll
    void stopServers() {
        if (allowed != null) {
            allowed.close();
        }
        if (required != null) {
            required.close();
        }
    }

    private BearerTokenFeature feature(DpopPolicy policy) {
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build();
        DpopVerifier dpop = DpopVerifier.builder().externalBaseUrl(URI.create(EXTERNAL)).policy(policy).build();
        SenderConstraints constraints = SenderConstraints.builder().dpop(dpop)
                .dpopPolicy("/api/admin/*", DpopPolicy.REQUIRED).build();
        return BearerTokenFeature.builder(validator).realm("demo").principalClaim("preferred_username")
                .resourceMetadata(URI.create(EXTERNAL)).senderBinding(constraints.step()).build();
    }

    @Path("api")
    public static class Api {
        @GET
        @Path("data")
        public String data(@Context SecurityContext security) {
            return "data:" + security.getUserPrincipal().getName();
        }

        @POST
        @Path("data")
        public String post(@Context SecurityContext security) {
            return "posted:" + security.getUserPrincipal().getName();
        }

        @DELETE
        @Path("data")
        public String delete(@Context SecurityContext security) {
            return "deleted:" + security.getUserPrincipal().getName();
        }

        @GET
        @Path("admin/report")
        public String report() {
            return "report";
        }
    }

    /**
     * The application's own pre-matching rewrites, after the feature's entry filter (a higher
     * priority runs later): a method override for {@code POST} as Jersey's
     * {@code HttpMethodOverrideFilter} does, and {@code /v1/...} served as {@code /...}.
     */
    @PreMatching
    @Priority(Priorities.HEADER_DECORATOR)
    public static class Rewrites implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            String override = request.getHeaderString("X-HTTP-Method-Override");
            if (override != null && "POST".equals(request.getMethod())) {
                request.setMethod(override);
            }
            URI uri = request.getUriInfo().getRequestUri();
            if (uri.getRawPath().startsWith("/v1/")) {
                request.setRequestUri(UriBuilder.fromUri(uri).replacePath(uri.getRawPath().substring(3)).build());
            }
        }
    }


    // ---- fixtures

    private String proof(String method, String path, String token) {
        return key.proof(method, URI.create(EXTERNAL + path), token, null);
    }

    private String boundToKey() {
        return demo.mint().subject("alice").claim("preferred_username", "alice").audience("service-b")
                .claim("cnf", Map.of("jkt", key.thumbprint())).sign();
    }

    private String unbound() {
        return demo.mint().subject("alice").claim("preferred_username", "alice").audience("service-b").sign();
    }

    /** A DPoP-bound token the issuer itself issued, as Keycloak 26 does: alice's password grant with a proof for the token endpoint. */
    private String issuedWithProof() throws Exception {
        URI endpoint = demo.tokenEndpoint();
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("DPoP", key.proof("POST", endpoint, (String) null))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=password&username=alice&password=alice&client_id=service-a&client_secret=a-secret")));
        assertThat(response.statusCode()).as("the token endpoint's answer").isEqualTo(200);
        Map<String, Object> answer = JSONObjectUtils.parse(response.body());
        assertThat(answer.get("token_type")).isEqualTo("DPoP");
        return (String) answer.get("access_token");
    }

    private static HttpResponse<String> call(TestServer server, String method, String path, String authorization,
                                             String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return Http.send(request);
    }

    private static HttpResponse<String> withProofs(TestServer server, String path, String authorization, String... proofs) {
        List<String> headers = new ArrayList<>();
        for (String proof : proofs) {
            headers.add("DPoP");
            headers.add(proof);
        }
        return call(server, "GET", path, authorization, headers.toArray(String[]::new));
    }

    private static String dpopChallenge(HttpResponse<String> response) {
        return response.headers().allValues("WWW-Authenticate").stream().filter(v -> v.startsWith("DPoP")).findFirst().orElseThrow();
    }

    // ---- the cases

    @Test
    void aTokenTheIssuerBoundIsServedWithItsProof() throws Exception {
        String token = issuedWithProof();

        HttpResponse<String> response = withProofs(allowed, "/api/data?page=1", "DPoP " + token, proof("GET", "/api/data", token));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("data:alice");
    }

    @Test
    void aReplayedProofIsRefusedAsInvalidDpopProof() {
        String token = boundToKey();
        String proof = proof("GET", "/api/data", token);
        assertThat(withProofs(allowed, "/api/data", "DPoP " + token, proof).statusCode()).isEqualTo(200);

        HttpResponse<String> replay = withProofs(allowed, "/api/data", "DPoP " + token, proof);

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.headers().allValues("WWW-Authenticate")).containsExactly(BEARER_CHALLENGE,
                "DPoP algs=\"ES256\", error=\"invalid_dpop_proof\", error_description=\"The DPoP proof was used before.\"");
        assertThat(replay.body()).contains("invalid_dpop_proof").doesNotContain(proof).doesNotContain(token);
    }

    @Test
    void aBoundTokenSentAsBearerIsRefused() {
        String token = boundToKey();

        HttpResponse<String> response = withProofs(allowed, "/api/data", "Bearer " + token, proof("GET", "/api/data", token));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"")
                .contains("The access token is bound to a key and must be presented with a DPoP proof.");
    }

    @Test
    void aProofForAnotherMethodUriOrTokenIsRefused() {
        String token = boundToKey();

        assertThat(dpopChallenge(withProofs(allowed, "/api/data", "DPoP " + token, proof("POST", "/api/data", token))))
                .contains("error=\"invalid_dpop_proof\"").contains("The DPoP proof was made for another HTTP method.");
        assertThat(dpopChallenge(withProofs(allowed, "/api/data", "DPoP " + token, proof("GET", "/api/other", token))))
                .contains("error=\"invalid_dpop_proof\"").contains("The DPoP proof was made for another URI.");
        assertThat(dpopChallenge(withProofs(allowed, "/api/data", "DPoP " + token, proof("GET", "/api/data", token + "x"))))
                .contains("error=\"invalid_dpop_proof\"").contains("The DPoP proof was made for another access token.");
    }

    @Test
    void htuComesFromTheConfiguredUrlNotTheAddressConnectedTo() {
        String token = boundToKey();
        String connectedTo = key.proof("GET", allowed.uri("/api/data"), token, null);

        HttpResponse<String> response = withProofs(allowed, "/api/data", "DPoP " + token, connectedTo);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(dpopChallenge(response)).contains("The DPoP proof was made for another URI.");
    }

    @Test
    void withoutAProofEveryRefusalOffersTheDpopSchemeBesideBearer() {
        HttpResponse<String> none = call(allowed, "GET", "/api/data", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly(BEARER_CHALLENGE, "DPoP algs=\"ES256\"");

        String token = boundToKey();
        HttpResponse<String> noProof = withProofs(allowed, "/api/data", "DPoP " + token);
        assertThat(noProof.statusCode()).isEqualTo(401);
        assertThat(noProof.headers().allValues("WWW-Authenticate")).hasSize(2).first().isEqualTo(BEARER_CHALLENGE);
        assertThat(dpopChallenge(noProof)).startsWith("DPoP algs=\"ES256\", error=\"invalid_dpop_proof\"");

        HttpResponse<String> twoProofs = withProofs(allowed, "/api/data", "DPoP " + token, proof("GET", "/api/data", token),
                proof("GET", "/api/data", token));
        assertThat(twoProofs.statusCode()).isEqualTo(401);
        assertThat(dpopChallenge(twoProofs)).contains("error=\"invalid_dpop_proof\"");
    }

    @Test
    void policyAllowedAcceptsAPlainBearerToken() {
        HttpResponse<String> response = call(allowed, "GET", "/api/data", "Bearer " + unbound());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("data:alice");
    }

    @Test
    void policyRequiredRefusesAPlainBearerTokenAndServesADpopOne() {
        HttpResponse<String> bearer = call(required, "GET", "/api/data", "Bearer " + unbound());
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(bearer.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(bearer.body()).contains("invalid_token");

        String token = boundToKey();
        HttpResponse<String> dpop = withProofs(required, "/api/data", "DPoP " + token, proof("GET", "/api/data", token));
        assertThat(dpop.statusCode()).isEqualTo(200);
        assertThat(dpop.body()).isEqualTo("data:alice");
    }

    @Test
    void aPathPolicyRequiredRefusesBearerTokensUnderItsPatternWhateverMatrixParametersThePathCarries() {
        String token = unbound();

        assertThat(call(allowed, "GET", "/api/data", "Bearer " + token).statusCode()).isEqualTo(200);
        for (String path : List.of("/api/admin/report", "/api/admin;v=1/report", "/api;v=1/admin/report", "/api/admin/report;v=1")) {
            HttpResponse<String> response = call(allowed, "GET", path, "Bearer " + token);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.body()).as(path).contains("invalid_token");
        }
        String bound = boundToKey();
        HttpResponse<String> dpop = withProofs(allowed, "/api/admin;v=1/report", "DPoP " + bound,
                proof("GET", "/api/admin;v=1/report", bound));
        assertThat(dpop.statusCode()).isEqualTo(200);
        assertThat(dpop.body()).isEqualTo("report");
    }

    @Test
    void theMetadataAdvertisesDpop() throws Exception {
        Map<String, Object> allowing = JSONObjectUtils.parse(call(allowed, "GET", "/.well-known/oauth-protected-resource", null).body());
        assertThat(allowing.get("dpop_signing_alg_values_supported")).isEqualTo(List.of("ES256"));
        assertThat(allowing.get("dpop_bound_access_tokens_required")).isEqualTo(false);
        assertThat(allowing.get("resource")).isEqualTo(EXTERNAL);

        Map<String, Object> requiring = JSONObjectUtils.parse(call(required, "GET", "/.well-known/oauth-protected-resource", null).body());
        assertThat(requiring.get("dpop_signing_alg_values_supported")).isEqualTo(List.of("ES256"));
        assertThat(requiring.get("dpop_bound_access_tokens_required")).isEqualTo(true);
    }

    @Test
    void theProofIsCheckedAgainstTheMethodTheClientSentNotTheApplicationsOverride() {
        String token = boundToKey();

        HttpResponse<String> overridden = call(allowed, "POST", "/api/data", "DPoP " + token,
                "X-HTTP-Method-Override", "DELETE", "DPoP", proof("POST", "/api/data", token));
        assertThat(overridden.statusCode()).isEqualTo(200);
        assertThat(overridden.body()).isEqualTo("deleted:alice");

        HttpResponse<String> signedForTheOverride = call(allowed, "POST", "/api/data", "DPoP " + token,
                "X-HTTP-Method-Override", "DELETE", "DPoP", proof("DELETE", "/api/data", token));
        assertThat(signedForTheOverride.statusCode()).isEqualTo(401);
        assertThat(dpopChallenge(signedForTheOverride)).contains("The DPoP proof was made for another HTTP method.");
    }

    @Test
    void theProofIsCheckedAgainstTheUriTheClientSentNotTheApplicationsRewrite() {
        String token = boundToKey();

        HttpResponse<String> rewritten = withProofs(allowed, "/v1/api/data", "DPoP " + token, proof("GET", "/v1/api/data", token));
        assertThat(rewritten.statusCode()).isEqualTo(200);
        assertThat(rewritten.body()).isEqualTo("data:alice");

        HttpResponse<String> signedForTheRewrite = withProofs(allowed, "/v1/api/data", "DPoP " + token,
                proof("GET", "/api/data", token));
        assertThat(signedForTheRewrite.statusCode()).isEqualTo(401);
        assertThat(dpopChallenge(signedForTheRewrite)).contains("The DPoP proof was made for another URI.");
    }

    @Test
    void noTokenOrProofReachesAnAnswerOrTheLog() throws Exception {
        String issued = issuedWithProof();
        String bound = boundToKey();
        String plain = unbound();
        List<String> secrets = new ArrayList<>(List.of(issued, bound, plain));
        List<HttpResponse<String>> answers = new ArrayList<>();

        String accepted = proof("GET", "/api/data", issued);
        answers.add(withProofs(allowed, "/api/data", "DPoP " + issued, accepted));
        answers.add(withProofs(allowed, "/api/data", "DPoP " + issued, accepted));
        String wrongMethod = proof("POST", "/api/data", bound);
        answers.add(withProofs(allowed, "/api/data", "DPoP " + bound, wrongMethod));
        String thief = DpopProofSigner.generate().proof("GET", URI.create(EXTERNAL + "/api/data"), bound, null);
        answers.add(withProofs(allowed, "/api/data", "DPoP " + bound, thief));
        String asBearer = proof("GET", "/api/data", bound);
        answers.add(withProofs(allowed, "/api/data", "Bearer " + bound, asBearer));
        answers.add(call(required, "GET", "/api/data", "Bearer " + plain));
        secrets.addAll(List.of(accepted, wrongMethod, thief, asBearer));

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 401, 401, 401, 401, 401);
        for (HttpResponse<String> answer : answers) {
            for (String secret : secrets) {
                for (String part : secret.split("\\.")) {
                    assertThat(answer.body()).doesNotContain(part);
                    assertThat(answer.headers().map().toString()).doesNotContain(part);
                }
            }
        }
        assertThat(log.text()).contains("Request refused: dpop_proof_replayed").contains("Request refused: dpop_required");
        log.assertNeverShows(secrets);
    }
}
