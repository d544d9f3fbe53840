package dev.audguard.exchange;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExchangeRequestTest {
    private static final Instant EXP = Instant.parse("2026-01-01T01:00:00Z");
    private final String subject = TestJwts.jwt("alice", EXP);

    @Test
    void keepsParametersSortedWithoutDuplicatesSoEqualRequestsAreEqual() {
        ExchangeRequest a = ExchangeRequest.forSubject(subject).audience("b", "a", "b").scope("z y", "x")
                .resource("https://r.example/2", "https://r.example/1").build();
        ExchangeRequest b = ExchangeRequest.forSubject(subject).audience(List.of("a", "b")).scope("x y z")
                .resource(List.of(URI.create("https://r.example/1"), URI.create("https://r.example/2"))).build();

        assertThat(a.audiences()).containsExactly("a", "b");
        assertThat(a.scopes()).containsExactly("x", "y", "z");
        assertThat(a.resources()).containsExactly("https://r.example/1", "https://r.example/2");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void requestsThatDifferInAnyParameterAreNotEqual() {
        ExchangeRequest base = ExchangeRequest.forSubject(subject).audience("a").build();

        assertThat(List.of(
                ExchangeRequest.forSubject(TestJwts.jwt("bob", EXP)).audience("a").build(),
                ExchangeRequest.forSubject(subject).audience("b").build(),
                ExchangeRequest.forSubject(subject).audience("a").scope("s").build(),
                ExchangeRequest.forSubject(subject).audience("a").resource("https://r.example").build(),
                ExchangeRequest.forSubject(subject).audience("a").requestedTokenType(TokenTypes.JWT).build(),
                ExchangeRequest.forSubject(subject).audience("a").actorToken("actor", TokenTypes.ACCESS_TOKEN).build(),
                ExchangeRequest.forSubject(SubjectToken.of(subject, TokenTypes.JWT)).audience("a").build()))
                .allSatisfy(other -> assertThat(other).isNotEqualTo(base));
    }

    @Test
    void resourcesMustBeAbsoluteUrisWithoutFragment() {
        ExchangeRequest.Builder builder = ExchangeRequest.forSubject(subject);

        assertThatThrownBy(() -> builder.resource("/relative")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.resource("https://api.example/x#frag")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.resource("not a uri")).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.resource("urn:example:orders").build().resources()).containsExactly("urn:example:orders");
    }

    @Test
    void scopesMayOnlyHoldTheCharactersRfc6749Allows() {
        assertThatThrownBy(() -> ExchangeRequest.forSubject(subject).scope("a\"b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExchangeRequest.forSubject(subject).scope("a\\b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExchangeRequest.forSubject(subject).scope("   ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachOptionIsSetOnce() {
        ExchangeRequest.Builder builder = ExchangeRequest.forSubject(subject).audience("a").scope("s")
                .requestedTokenType(TokenTypes.ACCESS_TOKEN).actorToken("actor", TokenTypes.ACCESS_TOKEN);

        assertThatThrownBy(() -> builder.audience("b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.scope("t")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.requestedTokenType(TokenTypes.JWT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.actorToken("other", TokenTypes.ACCESS_TOKEN)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anActorTokenNeedsItsTypeAndTypesAreUris() {
        assertThatThrownBy(() -> ExchangeRequest.forSubject(subject).actorToken("actor", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ExchangeRequest.forSubject(subject).actorToken(null, TokenTypes.ACCESS_TOKEN))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ExchangeRequest.forSubject(subject).actorToken("actor", "access token"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExchangeRequest.forSubject(subject).requestedTokenType("jwt"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsNoToken() {
        ExchangeRequest request = ExchangeRequest.forSubject(subject).audience("service-c")
                .actorToken("the-actor-token", TokenTypes.ACCESS_TOKEN).build();

        assertThat(request.toString()).doesNotContain(subject).doesNotContain("the-actor-token")
                .contains(request.subject().fingerprint()).contains("service-c");
        assertThat(request.hasActorToken()).isTrue();
        assertThat(request.actorTokenType()).contains(TokenTypes.ACCESS_TOKEN);
    }
}
