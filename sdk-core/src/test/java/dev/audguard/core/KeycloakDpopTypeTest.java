package dev.audguard.core;

import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.audguard.core.TestTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Keycloak 26 marks DPoP-bound access tokens typ "DPoP": accepted only for a request that came with a proof. */
class KeycloakDpopTypeTest {
    private final MutableClock clock = MutableClock.atDefaultStart();
    private final TokenValidator validator = TokenValidator.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
            .jwks(TestKeys.jwks(TestKeys.RSA)).clock(clock).build();

    private String dpopToken() {
        return valid(clock).claim("typ", "DPoP").claim("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")).sign();
    }

    @Test
    void aDpopTypedTokenWithCnfIsAnAccessTokenWhenTheRequestIsSenderConstrained() {
        assertThat(validator.validate(dpopToken(), Requirements.none().withSenderConstraint()).claim("typ")).contains("DPoP");
    }

    @Test
    void byDefaultADpopTypedTokenIsRefusedAsBearer() {
        TokenValidationException e = catchThrowableOfType(TokenValidationException.class,
                () -> validator.validate(dpopToken(), Requirements.none()));
        assertThat(e.reason()).isEqualTo(Reason.WRONG_TOKEN_TYPE);
    }

    @Test
    void aVerdictReachedWithAProofIsNotServedFromTheCacheToARequestWithout() {
        String token = dpopToken();
        validator.validate(token, Requirements.none().withSenderConstraint());
        TokenValidationException e = catchThrowableOfType(TokenValidationException.class,
                () -> validator.validate(token, Requirements.none()));
        assertThat(e.reason()).isEqualTo(Reason.WRONG_TOKEN_TYPE);
        assertThat(validator.validate(token, Requirements.none().withSenderConstraint())).isNotNull();
    }

    @Test
    void aDpopTypedTokenWithoutCnfIsRefusedEvenWithAProof() {
        String token = valid(clock).claim("typ", "DPoP").sign();
        TokenValidationException e = catchThrowableOfType(TokenValidationException.class,
                () -> validator.validate(token, Requirements.none().withSenderConstraint()));
        assertThat(e.reason()).isEqualTo(Reason.WRONG_TOKEN_TYPE);
    }
}
