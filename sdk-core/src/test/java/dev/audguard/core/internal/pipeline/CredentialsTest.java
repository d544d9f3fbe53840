package dev.audguard.core.internal.pipeline;

import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The one Authorization parser: RFC 6750 section 2.1 and RFC 9110's optional whitespace, nothing more. */
class CredentialsTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";

    @Test
    void resolveWhenSpacesAndTabsSurroundTheValueThenTrimsThem() {
        assertThat(Credentials.bearer(List.of(" \tBearer " + TOKEN + "\t "), null).token()).isEqualTo(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u001e", "\u000b", "\u000c", "\u2003", "\u3000"})
    void resolveWhenOtherWhitespacePrecedesTheSchemeThenNoBearerToken(String ws) {
        assertThat(Credentials.bearer(List.of(ws + "Bearer " + TOKEN), null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u001f", "\u2003", "\u2028", "\n"})
    void resolveWhenOtherWhitespaceFollowsTheTokenThenInvalidRequest(String ws) {
        TokenValidationException e = catchThrowableOfType(TokenValidationException.class,
                () -> Credentials.bearer(List.of("Bearer " + TOKEN + ws), null));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
    }

    @Test
    void resolveWhenASchemeIsAcceptedThenNamesIt() {
        Credential dpop = Credentials.resolve(List.of("DPoP " + TOKEN), null, Set.of("bearer", "dpop"));

        assertThat(dpop.scheme()).isEqualTo("dpop");
        assertThat(dpop.isBearer()).isFalse();
        assertThat(dpop.toString()).doesNotContain(TOKEN);
        assertThat(Credentials.bearer(List.of("DPoP " + TOKEN), null)).isNull();
    }
}
