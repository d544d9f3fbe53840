package dev.audguard.core.binding;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.audguard.core.HttpAnswer;
import dev.audguard.core.Outcome;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.ProtectedResourceMetadata;
import dev.audguard.core.ResourceRequest;
import dev.audguard.core.TestKeys;
import dev.audguard.core.TestTokens;
import dev.audguard.core.TokenValidator;
import dev.audguard.testsupport.MutableClock;
import dev.audguard.testsupport.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binding step inside the real front door: what every adapter answers. */
class SenderConstraintsTest {
    static final String BASE = "https://api.example.com";
    static final String PATH = "/orders/42";
    static final ECKey CLIENT = TestKeys.ec("client", Curve.P_256);
    static final String JKT = Proofs.thumbprint(CLIENT);
    static X509Certificate alice;
    static X509Certificate bob;

    final MutableClock clock = MutableClock.atDefaultStart();
    final TokenValidator validator = TokenValidator.builder().issuer(TestTokens.ISSUER).jwks(TestKeys.jwks(TestKeys.RSA))
            .audience(TestTokens.AUDIENCE).clock(clock).build();

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates ca = TestCertificates.newCa();
        alice = ca.issueClient("alice").certificate();
        bob = ca.issueClient("bob").certificate();
    }

    DpopVerifier.Builder dpop() {
        return DpopVerifier.builder().externalBaseUrl(URI.create(BASE)).clock(clock);
    }

    ProtectedResource resource(SenderConstraints constraints) {
        return ProtectedResource.builder(validator).realm("orders").resourceMetadata(URI.create(BASE))
                .senderBinding(constraints.step()).build();
    }

    ProtectedResource dpopResource() {
        return resource(SenderConstraints.builder().dpop(dpop().build()).build());
    }

    String boundToken() {
        return TestTokens.valid(clock).claim("cnf", Map.of("jkt", JKT)).sign();
    }

    String proof(String token) {
        return Proofs.of(CLIENT, clock, "GET", BASE + PATH, token).sign();
    }

    static ResourceRequest.Builder get(String authorization) {
        return ResourceRequest.builder().method("GET").path(PATH).rawPath(PATH).authorization(authorization);
    }

    static List<String> challenges(HttpAnswer answer) {
        return answer.headers().stream().filter(h -> h.name().equals("WWW-Authenticate")).map(HttpAnswer.Header::value).toList();
    }

    @Test
    void dpopRequestWithValidProofIsAccepted() {
        String token = boundToken();
        Outcome outcome = dpopResource().authenticate(get("DPoP " + token).header("DPoP", proof(token)).build());

        assertThat(outcome.isAccepted()).isTrue();
        assertThat(outcome.accepted().token().claim("cnf")).contains(Map.of("jkt", JKT));
        assertThat(dpopResource().requestHeaders()).contains("Authorization", "DPoP");
    }

    @Test
    void replayedProofIsRefusedWithBothChallenges() {
        ProtectedResource resource = dpopResource();
        String token = boundToken();
        String proof = proof(token);
        assertThat(resource.authenticate(get("DPoP " + token).header("DPoP", proof).build()).isAccepted()).isTrue();

        Outcome replay = resource.authenticate(get("DPoP " + token).header("DPoP", proof).build());
        HttpAnswer answer = replay.refused().answer();
        assertThat(answer.status()).isEqualTo(401);
        assertThat(replay.refused().refusal().code()).isEqualTo("dpop_proof_replayed");
        assertThat(challenges(answer)).hasSize(2);
        assertThat(challenges(answer).get(0)).startsWith("Bearer realm=\"orders\"").doesNotContain("error=");
        assertThat(challenges(answer).get(1)).isEqualTo("DPoP algs=\"ES256\", error=\"invalid_dpop_proof\", "
                + "error_description=\"The DPoP proof was used before.\"");
        assertThat(answer.bodyText()).doesNotContain(proof).doesNotContain(token);
    }

    @Test
    void boundTokenSentAsBearerIsRefusedAsInvalidToken() {
        String token = boundToken();
        Outcome outcome = dpopResource().authenticate(get("Bearer " + token).header("DPoP", proof(token)).build());

        HttpAnswer answer = outcome.refused().answer();
        assertThat(outcome.refused().refusal().code()).isEqualTo("dpop_bound_token_as_bearer");
        assertThat(challenges(answer).get(0)).contains("error=\"invalid_token\"");
        assertThat(challenges(answer).get(1)).isEqualTo("DPoP algs=\"ES256\"");
    }

    @Test
    void every401CarriesTheDpopChallengeBesideBearer() {
        HttpAnswer noToken = dpopResource().authenticate(ResourceRequest.builder().method("GET").path(PATH).build()).refused().answer();
        assertThat(challenges(noToken)).containsExactly("Bearer realm=\"orders\", resource_metadata=\""
                + "https://api.example.com/.well-known/oauth-protected-resource\"", "DPoP algs=\"ES256\"");
    }

    @Test
    void bearerTokenStillPassesUnderTheDefaultPolicyAndIsRefusedUnderRequired() {
        String bearer = TestTokens.valid(clock).sign();
        assertThat(dpopResource().authenticate(get("Bearer " + bearer).build()).isAccepted()).isTrue();

        ProtectedResource required = resource(SenderConstraints.builder().dpop(dpop().policy(DpopPolicy.REQUIRED).build()).build());
        assertThat(required.authenticate(get("Bearer " + bearer).build()).refused().refusal().code()).isEqualTo("dpop_required");
        assertThat(required.metadata().orElseThrow().toJson()).contains("\"dpop_bound_access_tokens_required\":true");
    }

    @Test
    void nonceRequiredAnswersUseDpopNonceWithTheNonceAndAcceptedRequestsGetTheNext() {
        DpopVerifier verifier = dpop().requireNonces(Duration.ofMinutes(5)).build();
        ProtectedResource resource = resource(SenderConstraints.builder().dpop(verifier).build());
        String token = boundToken();

        HttpAnswer first = resource.authenticate(get("DPoP " + token).header("DPoP", proof(token)).build()).refused().answer();
        String nonce = verifier.currentNonce().orElseThrow();
        assertThat(first.status()).isEqualTo(401);
        assertThat(first.header("DPoP-Nonce")).isEqualTo(nonce);
        assertThat(challenges(first).get(1)).contains("error=\"use_dpop_nonce\"");

        String withNonce = Proofs.of(CLIENT, clock, "GET", BASE + PATH, token).claim("nonce", nonce).sign();
        Outcome accepted = resource.authenticate(get("DPoP " + token).header("DPoP", withNonce).build());
        assertThat(accepted.accepted().responseHeaders()).contains(new HttpAnswer.Header("DPoP-Nonce", nonce));
    }

    @Test
    void replayStoreDownAnswers503WithRetryAfter() {
        ProtectedResource resource = resource(SenderConstraints.builder()
                .dpop(dpop().replayStore(new DpopVerifierTest.UnreachableStore()).build()).build());
        String token = boundToken();
        HttpAnswer answer = resource.authenticate(get("DPoP " + token).header("DPoP", proof(token)).build()).refused().answer();

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isNotNull();
        assertThat(answer.bodyText()).contains("temporarily_unavailable");
    }

    @Test
    void metadataAdvertisesWhatTheStepChecks() {
        ProtectedResource resource = resource(SenderConstraints.builder().dpop(dpop().algorithms("ES256", "PS256").build())
                .certificateBound().build());
        String json = resource.metadata().orElseThrow().toJson();
        assertThat(json).contains("\"dpop_signing_alg_values_supported\":[\"ES256\",\"PS256\"]")
                .contains("\"dpop_bound_access_tokens_required\":false")
                .contains("\"tls_client_certificate_bound_access_tokens\":true");
    }

    @Test
    void metadataGivenWholeStillAdvertisesTheStepUnlessItSaysOtherwise() {
        // what the MCP and WebFlux adapters do: their documents carry scopes the door cannot derive
        ProtectedResourceMetadata given = ProtectedResourceMetadata.of(URI.create(BASE), List.of(TestTokens.ISSUER), List.of("orders:read"))
                .withFields(Map.of("dpop_bound_access_tokens_required", true));
        ProtectedResource resource = ProtectedResource.builder(validator).resourceMetadata(given)
                .senderBinding(SenderConstraints.builder().dpop(dpop().build()).build().step()).build();

        String json = resource.metadata().orElseThrow().toJson();
        assertThat(json).contains("\"scopes_supported\":[\"orders:read\"]")
                .contains("\"dpop_signing_alg_values_supported\":[\"ES256\"]")
                .contains("\"dpop_bound_access_tokens_required\":true");
    }

    @Test
    void certificateBoundTokenNeedsItsCertificate() throws Exception {
        ProtectedResource resource = resource(SenderConstraints.builder().certificateBound().build());
        String token = TestTokens.valid(clock).claim("cnf", Map.of("x5t#S256", CertificateBinding.thumbprint(alice.getEncoded()))).sign();

        assertThat(resource.authenticate(get("Bearer " + token).clientCertificate(alice.getEncoded()).build()).isAccepted()).isTrue();
        assertThat(resource.authenticate(get("Bearer " + token).clientCertificate(bob.getEncoded()).build()).refused().refusal().code())
                .isEqualTo("certificate_mismatch");
        Outcome none = resource.authenticate(get("Bearer " + token).build());
        assertThat(none.refused().refusal().code()).isEqualTo("certificate_missing");
        assertThat(challenges(none.refused().answer()).get(0)).contains("error=\"invalid_token\"");
    }

    @Test
    void proxyHeaderIsHonouredOnlyFromTrustedProxies() throws Exception {
        ClientCertificateHeader nginx = ClientCertificateHeader.nginx("X-SSL-Client-Cert").trustedProxies("10.0.0.0/8").build();
        ProtectedResource resource = resource(SenderConstraints.builder().certificateBound(nginx).build());
        String token = TestTokens.valid(clock).claim("cnf", Map.of("x5t#S256", CertificateBinding.thumbprint(alice.getEncoded()))).sign();
        String header = TestCertificates.escaped(TestCertificates.pem(alice));

        assertThat(resource.requestHeaders()).contains("X-SSL-Client-Cert");
        assertThat(resource.authenticate(get("Bearer " + token).remoteAddress("10.9.8.7").header("X-SSL-Client-Cert", header).build())
                .isAccepted()).isTrue();
        assertThat(resource.authenticate(get("Bearer " + token).remoteAddress("203.0.113.9").header("X-SSL-Client-Cert", header).build())
                .refused().refusal().code()).isEqualTo("certificate_missing");
    }

    @Test
    void boundTokensAreRefusedWhereTheirMechanismIsNotConfigured() throws Exception {
        ProtectedResource mtlsOnly = resource(SenderConstraints.builder().certificateBound().build());
        String dpopBound = boundToken();
        assertThat(mtlsOnly.authenticate(get("Bearer " + dpopBound).build()).refused().refusal().code())
                .isEqualTo("dpop_bound_token_as_bearer");
        assertThat(mtlsOnly.authenticate(get("DPoP " + dpopBound).header("DPoP", proof(dpopBound)).build()).refused().refusal().code())
                .isEqualTo("dpop_not_accepted");

        String certBound = TestTokens.valid(clock).claim("cnf", Map.of("x5t#S256", CertificateBinding.thumbprint(alice.getEncoded()))).sign();
        assertThat(dpopResource().authenticate(get("Bearer " + certBound).clientCertificate(alice.getEncoded()).build())
                .refused().refusal().code()).isEqualTo("certificate_missing");
    }

    @Test
    void pathPolicyOverridesTheResourcePolicyOnItsPaths() {
        ProtectedResource resource = resource(SenderConstraints.builder().dpop(dpop().build())
                .dpopPolicy("/admin/*", DpopPolicy.REQUIRED).build());
        String bearer = TestTokens.valid(clock).sign();

        assertThat(resource.authenticate(get("Bearer " + bearer).build()).isAccepted()).isTrue();
        Outcome admin = resource.authenticate(ResourceRequest.builder().method("GET").path("/admin/users").rawPath("/admin/users")
                .authorization("Bearer " + bearer).build());
        assertThat(admin.refused().refusal().code()).isEqualTo("dpop_required");
        assertThatThrownBy(() -> SenderConstraints.builder().certificateBound().dpopPolicy("/a/*", DpopPolicy.REQUIRED).build())
                .hasMessageContaining("needs dpop(...)");
        assertThatThrownBy(() -> SenderConstraints.builder().dpopPolicy("admin", DpopPolicy.REQUIRED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildNeedsAMechanism() {
        assertThatThrownBy(() -> SenderConstraints.builder().build()).hasMessageContaining("dpop(...) or certificateBound(...)");
        assertThatThrownBy(() -> SenderConstraints.builder().certificateBound().certificateBound()).isInstanceOf(IllegalStateException.class);
    }
}
