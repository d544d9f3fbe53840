package dev.audguard.core.keycloak;

import dev.audguard.core.Outcome;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.Reason;
import dev.audguard.core.ResourceRequest;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * audguard's validator and front door against tokens a real Keycloak 26.7.3 minted, byte for byte
 * (recorded by {@link RecordKeycloakTokens}; the demo realm, Keycloak's own keys and JWKS, including
 * its {@code use: enc} key). The reference issuer imitates Keycloak; this is Keycloak. The clock is
 * set to the moment of recording, so the tokens stay valid for the test forever.
 */
class KeycloakIssuedTokensTest {
    private static final String DIR = "/keycloak-26.7.3-tokens/";
    private static final Properties RECORDED = properties();
    private static final String ISSUER = RECORDED.getProperty("issuer");
    private static final String JWKS = resource("jwks.json");
    private static final String BEARER = resource("bearer-alice-at-service-a.jwt");
    private static final String EXCHANGED = resource("exchanged-for-service-c.jwt");
    private static final String BOUND = resource("dpop-bound-alice-at-service-a.jwt");
    private static final URI SERVICE_B = URI.create("https://service-b.example.com");

    private final MutableClock clock =
            new MutableClock(Instant.ofEpochSecond(Long.parseLong(RECORDED.getProperty("recorded.epoch.seconds"))).plusSeconds(5));

    private TokenValidator validatorFor(String audience) {
        return TokenValidator.builder().issuer(ISSUER).jwks(JWKS).audience(audience).clock(clock).build();
    }

    @Test
    void alicesTokenFromServiceAOpensServiceB() {
        VerifiedToken token = validatorFor("service-b").validate(BEARER);

        assertThat(token.issuer()).isEqualTo(ISSUER);
        assertThat(token.audiences()).containsExactly("service-b");
        assertThat(token.authorizedParty()).contains("service-a");
        assertThat(token.stringClaim("preferred_username")).contains("alice");
        assertThat(token.subject()).isPresent();
    }

    @Test
    void theSameTokenDoesNotOpenServiceC() {
        assertThat(reason(() -> validatorFor("service-c").validate(BEARER))).isEqualTo(Reason.AUDIENCE_MISMATCH);
    }

    @Test
    void theTokenServiceBExchangedOpensServiceCAndNotServiceB() {
        VerifiedToken exchanged = validatorFor("service-c").validate(EXCHANGED);

        assertThat(exchanged.audiences()).containsExactly("service-c");
        assertThat(exchanged.authorizedParty()).contains("service-b");
        assertThat(exchanged.subject()).isEqualTo(validatorFor("service-b").validate(BEARER).subject());
        assertThat(reason(() -> validatorFor("service-b").validate(EXCHANGED))).isEqualTo(Reason.AUDIENCE_MISMATCH);
    }

    @Test
    void keycloaksTokensExpireWhenKeycloakSaysSo() {
        Instant expiry = validatorFor("service-b").validate(BEARER).expiresAt().orElseThrow();
        clock.advance(Duration.between(clock.instant(), expiry).plus(Duration.ofMinutes(2)));

        assertThat(reason(() -> validatorFor("service-b").validate(BEARER))).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void aChangedSignatureIsRefused() {
        int dot = BEARER.lastIndexOf('.');
        char last = BEARER.charAt(dot + 1);
        String forged = BEARER.substring(0, dot + 1) + (last == 'A' ? 'B' : 'A') + BEARER.substring(dot + 2);

        assertThat(reason(() -> validatorFor("service-b").validate(forged))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void keycloaksDpopBoundTokenOpensServiceBWithAProofByTheBoundKeyOnly() {
        ProtectedResource serviceB = dpopResource();
        DpopProofSigner holder = DpopProofSigner.builder().privateJwk(resource("dpop-proof-key.jwk")).clock(clock).build();
        assertThat(holder.thumbprint()).isEqualTo(RECORDED.getProperty("dpop.jkt"));

        Outcome accepted = serviceB.authenticate(dpop(BOUND, holder.proof("GET", SERVICE_B.resolve("/orders"), BOUND, null)));
        assertThat(accepted.isAccepted()).isTrue();
        Map<?, ?> cnf = (Map<?, ?>) accepted.accepted().token().claim("cnf").orElseThrow();
        assertThat(cnf.get("jkt")).isEqualTo(holder.thumbprint());

        DpopProofSigner thief = DpopProofSigner.builder().keyPair(DpopProofSigner.generateP256()).clock(clock).build();
        Outcome stolen = serviceB.authenticate(dpop(BOUND, thief.proof("GET", SERVICE_B.resolve("/orders"), BOUND, null)));
        assertThat(stolen.isAccepted()).isFalse();
        assertThat(stolen.refused().answer().status()).isEqualTo(401);
    }

    @Test
    void keycloaksDpopBoundTokenSentAsBearerIsRefused() {
        Outcome outcome = dpopResource().authenticate(request("Bearer " + BOUND).build());

        // RFC 9449 section 7.2's answer, though Keycloak types the token "DPoP", not "Bearer"
        assertThat(outcome.refused().refusal().code()).isEqualTo("dpop_bound_token_as_bearer");
        assertThat(outcome.refused().answer().status()).isEqualTo(401);
        assertThat(outcome.refused().refusal().error()).contains("invalid_token");
    }

    @Test
    void withoutABindingStepKeycloaksDpopTypedTokenIsNoBearerToken() {
        ProtectedResource plain = ProtectedResource.builder(validatorFor("service-b")).realm("service-b").build();

        assertThat(plain.authenticate(request("Bearer " + BOUND).build()).refused().refusal().code()).isEqualTo("wrong_token_type");
        assertThat(plain.authenticate(request("Bearer " + BEARER).build()).isAccepted()).isTrue();
    }

    @Test
    void keycloaksPlainBearerTokenStillPassesWhereDpopIsAllowed() {
        assertThat(dpopResource().authenticate(request("Bearer " + BEARER).build()).isAccepted()).isTrue();
    }

    private ProtectedResource dpopResource() {
        DpopVerifier dpop = DpopVerifier.builder().externalBaseUrl(SERVICE_B).clock(clock).build();
        return ProtectedResource.builder(validatorFor("service-b")).realm("service-b").resourceMetadata(SERVICE_B)
                .senderBinding(SenderConstraints.builder().dpop(dpop).build().step()).build();
    }

    private static ResourceRequest dpop(String token, String proof) {
        return request("DPoP " + token).header("DPoP", proof).build();
    }

    private static ResourceRequest.Builder request(String authorization) {
        return ResourceRequest.builder().method("GET").path("/orders").rawPath("/orders").authorization(authorization);
    }

    private static Reason reason(Runnable call) {
        TokenValidationException e = catchThrowableOfType(TokenValidationException.class, call::run);
        assertThat(e).as("refused").isNotNull();
        return e.reason();
    }

    private static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = KeycloakIssuedTokensTest.class.getResourceAsStream(DIR + "recorded.properties")) {
            if (in == null) {
                throw new IllegalStateException("no " + DIR + "recorded.properties: run reference-issuer/bin/record-keycloak-answers");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String resource(String name) {
        try (InputStream in = KeycloakIssuedTokensTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("no " + DIR + name + ": run reference-issuer/bin/record-keycloak-answers");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
