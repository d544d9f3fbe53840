package dev.audguard.exchange;

import dev.audguard.core.BearerChallenge;
import dev.audguard.core.BearerErrorResponse;
import dev.audguard.core.Refusal;
import dev.audguard.exchange.TokenExchangeException.Category;
import dev.audguard.exchange.TokenExchangeException.ExchangeError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The exchange errors in sdk-core's one error vocabulary. */
class ExchangeErrorTest {
    private final BearerChallenge challenge = BearerChallenge.builder().realm("orders").retryAfter(Duration.ofSeconds(9)).build();

    @Test
    void eachCategoryIsARefusalWithItsStatusAndFixedWording() {
        assertThat(Category.SUBJECT_TOKEN_REJECTED.refusal().status()).isEqualTo(401);
        assertThat(Category.SUBJECT_TOKEN_REJECTED.refusal().error()).contains("invalid_token");
        assertThat(Category.CONFIGURATION.refusal().status()).isEqualTo(502);
        assertThat(Category.INVALID_RESPONSE.refusal().error()).contains("bad_gateway");
        assertThat(Category.ISSUER_UNAVAILABLE.refusal().status()).isEqualTo(503);
        for (Category category : Category.values()) {
            assertThat(category.refusal().code()).isEqualTo(category.code());
            assertThat(category.refusal().description()).contains(category.description());
            assertThat(category.refusal().status()).isEqualTo(category.httpStatus());
        }
    }

    @Test
    void theExceptionCarriesOneRecordAndItsRefusal() {
        ExchangeError error = new ExchangeError(Category.ISSUER_UNAVAILABLE, "HTTP 503", "temporarily_unavailable", null, 503,
                Duration.ofSeconds(42));
        TokenExchangeException e = new TokenExchangeException(error, null);

        assertThat(e.error()).isSameAs(error);
        assertThat(e.category()).isEqualTo(Category.ISSUER_UNAVAILABLE);
        assertThat(e.issuerStatus()).hasValue(503);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
        assertThat(Refusal.carriedBy(new RuntimeException(e))).contains(e.refusal());
        BearerErrorResponse answer = challenge.answer(e.refusal());
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.retryAfterSeconds()).contains(42L);
        assertThat(answer.wwwAuthenticate()).isEqualTo("Bearer realm=\"orders\"");
    }

    @Test
    void aRefusedSubjectTokenIsAnsweredAsAnInvalidToken() {
        TokenExchangeException e = new TokenExchangeException(ExchangeError.of(Category.SUBJECT_TOKEN_REJECTED, "HTTP 400"), null);

        BearerErrorResponse answer = challenge.answer(e.refusal());

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.wwwAuthenticate()).contains("error=\"invalid_token\"", "The issuer refused the subject token.");
        assertThat(answer.retryAfterSeconds()).isEqualTo(Optional.empty());
    }

    @Test
    void anUnknownDownstreamIsAConfigurationFailure() {
        UnknownDownstreamException e = new UnknownDownstreamException("https://elsewhere.example.com/x");

        assertThat(e.error().category()).isEqualTo(Category.CONFIGURATION);
        assertThat(challenge.answer(e.refusal()).status()).isEqualTo(502);
        assertThat(challenge.answer(e.refusal()).body()).doesNotContain("elsewhere");
    }
}
