package dev.audguard.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokensTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln-_~+/==";

    @Test
    void readsTheTokenOfOneBearerHeader() {
        assertThat(BearerTokens.resolve(List.of("Bearer " + TOKEN), null)).contains(TOKEN);
        assertThat(BearerTokens.resolve(List.of("bearer " + TOKEN), "page=2")).contains(TOKEN);
        assertThat(BearerTokens.resolve(List.of("BEARER " + TOKEN), "")).contains(TOKEN);
    }

    @Test
    void noHeaderOrAnotherSchemeIsNoBearerToken() {
        assertThat(BearerTokens.resolve(List.of(), null)).isEmpty();
        assertThat(BearerTokens.resolve(null, null)).isEmpty();
        assertThat(BearerTokens.resolve(List.of("Basic dXNlcjpwYXNz"), null)).isEmpty();
        assertThat(BearerTokens.resolve(List.of("BearerX " + TOKEN), null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer  " + TOKEN, "Bearer " + TOKEN + " extra", "Bearer a\"b",
            "Bearer tok,en", "Bearer =abc", "Bearer tök"})
    void aMalformedBearerHeaderIsAnInvalidRequest(String header) {
        assertThatThrownBy(() -> BearerTokens.resolve(List.of(header), null))
                .isInstanceOfSatisfying(TokenValidationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
    }

    @Test
    void severalCredentialsAreAnInvalidRequest() {
        assertThatThrownBy(() -> BearerTokens.resolve(List.of("Bearer a", "Bearer b"), null))
                .isInstanceOfSatisfying(TokenValidationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
        assertThatThrownBy(() -> BearerTokens.resolve(List.of("Bearer " + TOKEN), "access_token=" + TOKEN))
                .isInstanceOfSatisfying(TokenValidationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"access_token=abc", "a=1&access_token=abc", "access%5Ftoken=abc", "access_token"})
    void aTokenInTheQueryStringIsAnInvalidRequest(String query) {
        assertThatThrownBy(() -> BearerTokens.resolve(List.of(), query))
                .isInstanceOfSatisfying(TokenValidationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
    }

    @Test
    void otherQueryParametersAreIgnored() {
        assertThat(BearerTokens.resolve(List.of(), "my_access_token=1&x=%ZZ")).isEmpty();
    }
}
