package dev.audguard.core;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerChallengeTest {
    private final BearerChallenge challenge = BearerChallenge.builder()
            .realm("orders")
            .resourceMetadata(URI.create("https://api.example.com/.well-known/oauth-protected-resource/orders"))
            .retryAfter(Duration.ofSeconds(7))
            .build();

    @Test
    void missingTokenHasNoErrorAttribute() {
        BearerErrorResponse answer = challenge.forMissingToken();

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.wwwAuthenticate()).isEqualTo("Bearer realm=\"orders\", resource_metadata="
                + "\"https://api.example.com/.well-known/oauth-protected-resource/orders\"");
        assertThat(answer.body()).isEqualTo("{}");
        assertThat(answer.headers()).containsEntry("Cache-Control", "no-store").doesNotContainKey("Retry-After");
    }

    @Test
    void aRefusedTokenIsInvalidTokenWithFixedWording() {
        BearerErrorResponse answer = challenge.forFailure(new TokenValidationException(Reason.AUDIENCE_MISMATCH));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.wwwAuthenticate()).isEqualTo("Bearer realm=\"orders\", error=\"invalid_token\", "
                + "error_description=\"The access token is not intended for this service.\", resource_metadata="
                + "\"https://api.example.com/.well-known/oauth-protected-resource/orders\"");
        assertThat(answer.body()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":"
                + "\"The access token is not intended for this service.\"}");
    }

    @Test
    void eachReasonMapsToItsStatus() {
        for (Reason reason : Reason.values()) {
            int expected = switch (reason) {
                case INVALID_REQUEST, INVALID_PATH -> 400;
                case INSUFFICIENT_SCOPE, INSUFFICIENT_ROLE, ACCESS_DENIED -> 403;
                case INTERNAL_ERROR -> 500;
                case KEYS_UNAVAILABLE, INTROSPECTION_ANSWER_REJECTED -> 503;
                default -> 401;
            };
            assertThat(challenge.forFailure(new TokenValidationException(reason)).status()).as(reason.code()).isEqualTo(expected);
        }
    }

    @Test
    void malformedRequestIsInvalidRequest() {
        BearerErrorResponse answer = challenge.forFailure(new TokenValidationException(Reason.INVALID_REQUEST));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.wwwAuthenticate()).contains("error=\"invalid_request\"");
    }

    @Test
    void insufficientScopeListsTheRequiredScopes() {
        BearerErrorResponse answer = challenge.forInsufficientScope(List.of("orders.write", "orders.read"));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.wwwAuthenticate()).contains("error=\"insufficient_scope\"").contains("scope=\"orders.read orders.write\"");
        assertThat(answer.error()).isEqualTo("insufficient_scope");
    }

    @Test
    void keysUnavailableIs503WithRetryAfterAndNoTokenError() {
        BearerErrorResponse answer = challenge.forFailure(new TokenValidationException(Reason.KEYS_UNAVAILABLE));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.headers()).containsEntry("Retry-After", "7");
        assertThat(answer.wwwAuthenticate()).doesNotContain("error=");
        assertThat(answer.body()).contains("\"error\":\"temporarily_unavailable\"");
    }

    @Test
    void aFailedDependencyIsAnsweredByWhoseFaultItIs() {
        BearerErrorResponse refused = challenge.forDependencyFailure(401, "The issuer refused the subject token.", Optional.empty());
        BearerErrorResponse broken = challenge.forDependencyFailure(502, "The token exchange is misconfigured.", Optional.empty());
        BearerErrorResponse down = challenge.forDependencyFailure(503, "The token issuer is unavailable.", Optional.of(Duration.ofSeconds(30)));

        assertThat(refused.wwwAuthenticate()).contains("error=\"invalid_token\"").contains("realm=\"orders\"");
        assertThat(broken.status()).isEqualTo(502);
        assertThat(broken.wwwAuthenticate()).doesNotContain("error=");
        assertThat(down.headers()).containsEntry("Retry-After", "30");
        assertThat(challenge.forDependencyFailure(503, "x", Optional.empty()).headers()).containsEntry("Retry-After", "7");
        assertThatThrownBy(() -> challenge.forDependencyFailure(500, "x", Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutRealmOrMetadataTheChallengeIsBare() {
        assertThat(BearerChallenge.plain().forMissingToken().wwwAuthenticate()).isEqualTo("Bearer");
        assertThat(BearerChallenge.plain().forFailure(new TokenValidationException(Reason.EXPIRED)).wwwAuthenticate())
                .isEqualTo("Bearer error=\"invalid_token\", error_description=\"The access token has expired.\"");
    }

    @Test
    void quotesAreEscapedAndControlCharactersRefused() {
        assertThat(BearerChallenge.builder().realm("a\"b\\c").build().forMissingToken().wwwAuthenticate())
                .isEqualTo("Bearer realm=\"a\\\"b\\\\c\"");
        assertThatThrownBy(() -> BearerChallenge.builder().realm("a\r\nSet-Cookie: x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void descriptionsNeverCarryCallerInput() {
        for (Reason reason : Reason.values()) {
            assertThat(reason.description()).doesNotContain("%s").doesNotContain("{}");
            assertThat(reason.code()).matches("[a-z_]+");
        }
        assertThat(Set.of(Reason.values())).hasSizeGreaterThanOrEqualTo(15);
    }
}
