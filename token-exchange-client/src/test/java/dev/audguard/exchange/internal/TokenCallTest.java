package dev.audguard.exchange.internal;

import dev.audguard.exchange.TokenExchangeException.Category;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How error answers are classified and what of them is kept; no network. */
class TokenCallTest {

    @Test
    void invalidRequestIsTheCallersProblemOnlyWhenItIsAboutTheSubjectToken() {
        assertThat(TokenCall.classify("invalid_request", "Invalid token")).isEqualTo(Category.SUBJECT_TOKEN_REJECTED);
        assertThat(TokenCall.classify("invalid_request", "The subject_token has expired")).isEqualTo(Category.SUBJECT_TOKEN_REJECTED);
        assertThat(TokenCall.classify("invalid_request", "subject token revoked")).isEqualTo(Category.SUBJECT_TOKEN_REJECTED);
        assertThat(TokenCall.classify("invalid_request", "Parameter 'subject_token' required for standard token exchange"))
                .isEqualTo(Category.CONFIGURATION);
        assertThat(TokenCall.classify("invalid_request", "Invalid subject_token_type")).isEqualTo(Category.CONFIGURATION);
        assertThat(TokenCall.classify("invalid_request", "Invalid actor token")).isEqualTo(Category.CONFIGURATION);
        assertThat(TokenCall.classify("invalid_request", null)).isEqualTo(Category.CONFIGURATION);
        assertThat(TokenCall.classify("invalid_grant", null)).isEqualTo(Category.SUBJECT_TOKEN_REJECTED);
        assertThat(TokenCall.classify("temporarily_unavailable", null)).isEqualTo(Category.ISSUER_UNAVAILABLE);
        assertThat(TokenCall.classify(null, null)).isEqualTo(Category.CONFIGURATION);
    }

    @Test
    void keepsOnlyDescriptionsThatLookLikeNoSecret() {
        assertThat(Sanitizer.description("Requested audience not available: reports-api")).isNotNull();
        assertThat(Sanitizer.description("Invalid token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln")).isNull();
        assertThat(Sanitizer.description("bad " + "A".repeat(40))).isNull();
        assertThat(Sanitizer.description("secret s3cr3t-value leaked", "s3cr3t-value")).isNull();
        assertThat(Sanitizer.description("line\nbreak")).isNull();
        assertThat(Sanitizer.description("x".repeat(201))).isNull();
        assertThat(Sanitizer.description(42)).isNull();
        assertThat(Sanitizer.errorCode("invalid_request")).isEqualTo("invalid_request");
        assertThat(Sanitizer.errorCode("invalid request <script>")).isNull();
    }

    @Test
    void keepsNoErrorCodeThatHoldsASecretOrLooksLikeAToken() {
        assertThat(Sanitizer.errorCode("invalid_client", "b-secret", "opaque-subject-token")).isEqualTo("invalid_client");
        assertThat(Sanitizer.errorCode("b-secret", "opaque-subject-token", null, "b-secret")).isNull();
        assertThat(Sanitizer.errorCode("opaque-subject-token", "opaque-subject-token")).isNull();
        assertThat(Sanitizer.errorCode("invalid:opaque-s", "opaque-subject-token")).isNull();
        assertThat(Sanitizer.errorCode("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0")).isNull();
        assertThat(Sanitizer.errorCode("A".repeat(40))).isNull();
    }
}
