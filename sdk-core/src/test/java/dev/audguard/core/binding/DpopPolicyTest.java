package dev.audguard.core.binding;

import dev.audguard.core.Reason;
import dev.audguard.core.TestKeys;
import dev.audguard.core.TestTokens;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.audguard.core.binding.DpopVerifierTest.CLIENT;
import static dev.audguard.core.binding.DpopVerifierTest.JKT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a verifier's policy treats each scheme and token kind, with tokens a real validator verified. */
class DpopPolicyTest {
    static final String BASE = "https://api.example.com";
    static final String PATH = "/orders/42";

    final MutableClock clock = MutableClock.atDefaultStart();
    final TokenValidator validator = TokenValidator.builder().issuer(TestTokens.ISSUER).jwks(TestKeys.jwks(TestKeys.RSA))
            .audience(TestTokens.AUDIENCE).clock(clock).build();

    DpopVerifier verifier(DpopPolicy policy) {
        return DpopVerifier.builder().externalBaseUrl(URI.create(BASE)).policy(policy).clock(clock).build();
    }

    String boundToken() {
        return TestTokens.valid(clock).claim("cnf", Map.of("jkt", JKT)).sign();
    }

    String bearerToken() {
        return TestTokens.valid(clock).sign();
    }

    Optional<DpopProof> check(DpopVerifier verifier, String authorization, List<String> proofs) {
        PresentedToken presented = PresentedToken.fromHeader(authorization).orElseThrow();
        VerifiedToken token = validator.validate(presented.token());
        return verifier.check(presented, token, "GET", PATH, proofs);
    }

    String proofFor(String token) {
        return Proofs.of(CLIENT, clock, "GET", BASE + PATH, token).sign();
    }

    @Test
    void byDefaultBoundTokenWithValidProofPasses() {
        String token = boundToken();
        assertThat(check(verifier(DpopPolicy.ALLOWED), "DPoP " + token, List.of(proofFor(token))))
                .hasValueSatisfying(proof -> assertThat(proof.keyThumbprint()).isEqualTo(JKT));
    }

    @Test
    void byDefaultBearerTokenStillPasses() {
        assertThat(check(verifier(DpopPolicy.ALLOWED), "Bearer " + bearerToken(), List.of())).isEmpty();
    }

    @Test
    void boundTokenAsBearerIsRefusedUnderEveryPolicy() {
        String token = boundToken();
        for (DpopPolicy policy : DpopPolicy.values()) {
            assertThat(DpopVerifierTest.reasonOf(() -> check(verifier(policy), "Bearer " + token, List.of(proofFor(token)))))
                    .as(policy.name()).isEqualTo(BindingReason.DPOP_BOUND_TOKEN_AS_BEARER);
        }
    }

    @Test
    void boundTokenWithoutProofIsRefused() {
        String token = boundToken();
        assertThat(DpopVerifierTest.reasonOf(() -> check(verifier(DpopPolicy.ALLOWED), "DPoP " + token, List.of())))
                .isEqualTo(BindingReason.DPOP_PROOF_MISSING);
    }

    @Test
    void requiredPolicyRefusesBearerTokens() {
        assertThat(DpopVerifierTest.reasonOf(() -> check(verifier(DpopPolicy.REQUIRED), "Bearer " + bearerToken(), List.of())))
                .isEqualTo(BindingReason.DPOP_REQUIRED);
    }

    @Test
    void disabledPolicyRefusesTheDpopSchemeAndPassesBearer() {
        String token = boundToken();
        assertThat(DpopVerifierTest.reasonOf(() -> check(verifier(DpopPolicy.DISABLED), "DPoP " + token, List.of(proofFor(token)))))
                .isEqualTo(BindingReason.DPOP_NOT_ACCEPTED);
        assertThat(check(verifier(DpopPolicy.DISABLED), "Bearer " + bearerToken(), List.of())).isEmpty();
    }

    @Test
    void unboundTokenWithTheDpopSchemeIsRefused() {
        String token = bearerToken();
        assertThat(DpopVerifierTest.reasonOf(() -> check(verifier(DpopPolicy.ALLOWED), "DPoP " + token, List.of(proofFor(token)))))
                .isEqualTo(BindingReason.DPOP_TOKEN_NOT_BOUND);
    }

    @Test
    void issuerPolicyOverridesTheResourcePolicy() {
        DpopVerifier verifier = DpopVerifier.builder().externalBaseUrl(URI.create(BASE)).clock(clock)
                .policy(TestTokens.ISSUER, DpopPolicy.REQUIRED).build();
        assertThat(verifier.policyFor(TestTokens.ISSUER)).isEqualTo(DpopPolicy.REQUIRED);
        assertThat(verifier.policyFor("https://other.example.com")).isEqualTo(DpopPolicy.ALLOWED);
        assertThat(DpopVerifierTest.reasonOf(() -> check(verifier, "Bearer " + bearerToken(), List.of())))
                .isEqualTo(BindingReason.DPOP_REQUIRED);
    }

    @Test
    void confirmationThatIsNotAThumbprintIsRefused() {
        for (Object cnf : List.of("jkt", Map.of("jkt", 42), Map.of("jkt", "short"))) {
            String token = TestTokens.valid(clock).claim("cnf", cnf).sign();
            assertThat(DpopVerifierTest.reasonOf(() -> check(verifier(DpopPolicy.ALLOWED), "DPoP " + token, List.of(proofFor(token)))))
                    .as(String.valueOf(cnf)).isEqualTo(BindingReason.INVALID_CONFIRMATION);
        }
    }

    @Test
    void proofForAnotherTokenOfTheSameKeyIsRefused() {
        String token = boundToken();
        String other = boundToken();
        assertThat(DpopVerifierTest.reasonOf(() -> check(verifier(DpopPolicy.ALLOWED), "DPoP " + token, List.of(proofFor(other)))))
                .isEqualTo(BindingReason.DPOP_PROOF_TOKEN_HASH_MISMATCH);
    }

    @Test
    void resolveReadsBothSchemesStrictly() {
        assertThat(PresentedToken.fromHeader("dpop abc.def.ghi")).contains(new PresentedToken(PresentedToken.Scheme.DPOP, "abc.def.ghi"));
        assertThat(PresentedToken.fromHeader("Bearer abc")).contains(new PresentedToken(PresentedToken.Scheme.BEARER, "abc"));
        assertThat(PresentedToken.fromHeader("Basic dXNlcjpwdw==")).isEmpty();
        assertThat(PresentedToken.resolve(List.of(), null)).isEmpty();
        for (Runnable bad : List.<Runnable>of(
                () -> PresentedToken.fromHeader("DPoP"),
                () -> PresentedToken.fromHeader("DPoP a b"),
                () -> PresentedToken.resolve(List.of("DPoP a", "DPoP b"), null),
                () -> PresentedToken.resolve(List.of("DPoP a"), "access_token=x"))) {
            assertThatThrownBy(bad::run).isInstanceOfSatisfying(TokenValidationException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
        }
        assertThat(PresentedToken.fromHeader("DPoP secret.token.value").orElseThrow().toString()).doesNotContain("secret");
    }
}
