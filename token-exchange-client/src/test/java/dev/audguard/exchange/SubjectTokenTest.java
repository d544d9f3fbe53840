package dev.audguard.exchange;

import dev.audguard.core.Fingerprints;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubjectTokenTest {

    @Test
    void readsTheExpiryOfAJwtWithoutVerifyingIt() {
        Instant exp = Instant.parse("2026-01-01T01:00:00Z");

        SubjectToken token = SubjectToken.of(TestJwts.jwt("alice", exp));

        assertThat(token.expiresAt()).contains(exp);
        assertThat(token.tokenType()).isEqualTo(TokenTypes.ACCESS_TOKEN);
    }

    @Test
    void anOpaqueTokenHasNoKnownExpiry() {
        assertThat(SubjectToken.of("opaque-reference").expiresAt()).isEmpty();
        assertThat(SubjectToken.of("a.b.c").expiresAt()).isEmpty();
    }

    @Test
    void refusesBlankOversizedOrUntypedTokens() {
        assertThatThrownBy(() -> SubjectToken.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectToken.of("x".repeat(64 * 1024 + 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("xxxx");
        assertThatThrownBy(() -> SubjectToken.of("x", "not a type")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsTheFingerprintNotTheToken() {
        String raw = TestJwts.jwt("alice", Instant.parse("2026-01-01T01:00:00Z"));

        SubjectToken token = SubjectToken.of(raw);

        assertThat(token.toString()).doesNotContain(raw).contains(Fingerprints.of(raw));
        assertThat(token.fingerprint()).isEqualTo(Fingerprints.of(raw));
    }
}
