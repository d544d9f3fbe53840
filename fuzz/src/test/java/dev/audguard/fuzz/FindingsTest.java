package dev.audguard.fuzz;

import dev.audguard.core.BearerTokens;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One plain regression test per fuzzing finding (the numbers are those of the module README). Each
 * fails until its owner's fix is merged.
 */
class FindingsTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";

    /** Finding 1: a scheme preceded by a control character is not the Bearer scheme (RFC 9110 trims SP/HTAB only). */
    @Test
    void fromHeaderWhenUnicodeWhitespacePrecedesTheSchemeThenNoBearerToken() {
        assertThat(BearerTokens.fromHeader("\u001eBearer " + TOKEN)).isEmpty();
        assertThat(BearerTokens.resolve(List.of("\u000bBearer " + TOKEN), null)).isEmpty();
    }

    /** Finding 1: a token followed by a control character is not a b64token. */
    @Test
    void fromHeaderWhenUnicodeWhitespaceFollowsTheTokenThenInvalidRequest() {
        assertThatThrownBy(() -> BearerTokens.fromHeader("Bearer " + TOKEN + "\u001f"))
                .isInstanceOfSatisfying(TokenValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
        assertThatThrownBy(() -> BearerTokens.resolve(List.of("Bearer " + TOKEN + "\u2003"), null))
                .isInstanceOfSatisfying(TokenValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
    }
}
