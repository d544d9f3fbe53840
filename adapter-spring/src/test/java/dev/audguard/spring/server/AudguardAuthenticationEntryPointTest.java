package dev.audguard.spring.server;

import dev.audguard.core.BearerChallenge;
import dev.audguard.core.HttpAnswer;
import dev.audguard.core.Reason;
import dev.audguard.core.Refusal;
import dev.audguard.core.TokenValidationException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The answers, written by sdk-core's BearerChallenge, for every exception Spring hands the entry point. */
class AudguardAuthenticationEntryPointTest {
    private final AudguardAuthenticationEntryPoint entryPoint = AudguardAuthenticationEntryPoint.builder()
            .realm("demo").retryAfter(Duration.ofSeconds(5)).build();

    @Test
    void keysUnavailableAnswers503WithRetryAfter() throws Exception {
        MockHttpServletResponse response = commence(viaProvider(Reason.KEYS_UNAVAILABLE));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getHeader("WWW-Authenticate")).doesNotContain("error=");
    }

    @Test
    void aRefusedTokenAnswers401WithTheReasonsFixedWording() throws Exception {
        MockHttpServletResponse response = commence(viaProvider(Reason.EXPIRED));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"demo\", error=\"invalid_token\", "
                + "error_description=\"The access token has expired.\", "
                + "resource_metadata=\"http://api.example.com/.well-known/oauth-protected-resource\"");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getContentAsString()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"The access token has expired.\"}");
    }

    @Test
    void missingPathScopesAnswer403ListingThem() throws Exception {
        MockHttpServletResponse response = commence(new InvalidBearerTokenException("x",
                new AudguardJwtException(TokenValidationException.insufficientScope(Set.of("admin", "audit")))));

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getHeader("WWW-Authenticate")).contains("error=\"insufficient_scope\"").contains("scope=\"admin audit\"");
    }

    @Test
    void aMalformedRequestAnswers400() throws Exception {
        MockHttpServletResponse response = commence(new OAuth2AuthenticationException(BearerTokenErrors.invalidRequest("x")));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("\"error\":\"invalid_request\"");
    }

    @Test
    void noTokenAnswers401WithoutError() throws Exception {
        MockHttpServletResponse response = commence(new InsufficientAuthenticationException("Full authentication is required"));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"demo\"").doesNotContain("error");
        assertThat(response.getContentAsString()).isEqualTo("{}");
    }

    @Test
    void springsOwnTextNeverReachesTheCaller() throws Exception {
        MockHttpServletResponse invalid = commence(new InvalidBearerTokenException(
                "An error occurred while attempting to decode the Jwt: Signed JWT rejected"));
        MockHttpServletResponse unavailable = commence(new AuthenticationServiceException(
                "An error occurred while attempting to decode the Jwt: Couldn't retrieve remote JWK set"));

        assertThat(invalid.getStatus()).isEqualTo(401);
        assertThat(invalid.getHeader("WWW-Authenticate") + invalid.getContentAsString()).doesNotContain("An error occurred");
        assertThat(unavailable.getStatus()).isEqualTo(503);
        assertThat(unavailable.getHeader("WWW-Authenticate") + unavailable.getContentAsString()).doesNotContain("JWK");
    }

    @Test
    void aConfiguredResourcePinsTheMetadataUrl() throws Exception {
        AudguardAuthenticationEntryPoint pinned = AudguardAuthenticationEntryPoint.builder()
                .resourceMetadata(URI.create("https://orders.example.com/.well-known/oauth-protected-resource")).build();
        MockHttpServletResponse response = new MockHttpServletResponse();

        pinned.commence(request(), response, new InsufficientAuthenticationException("x"));

        assertThat(response.getHeader("WWW-Authenticate"))
                .isEqualTo("Bearer resource_metadata=\"https://orders.example.com/.well-known/oauth-protected-resource\"");
    }

    @Test
    void aHostThatCannotBeAHeaderValueIsNotEchoed() throws Exception {
        MockHttpServletRequest request = request();
        request.setServerName("evil\u00e9.example.com");
        MockHttpServletResponse response = new MockHttpServletResponse();

        entryPoint.commence(request, response, new InsufficientAuthenticationException("x"));

        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"demo\"");
    }

    @Test
    void anUnexpectedFaultInTheDecoderAnswers500WithAFixedBody() throws Exception {
        MockHttpServletResponse response = commence(viaProvider(Reason.INTERNAL_ERROR));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getHeader("WWW-Authenticate")).doesNotContain("error=");
        assertThat(response.getHeader("Retry-After")).isNull();
        assertThat(response.getContentAsString()).isEqualTo("{\"error\":\"server_error\",\"error_description\":\""
                + Reason.INTERNAL_ERROR.description() + "\"}");
    }

    @Test
    void theAnswerIsSdkCoresAnswerForTheRefusal() throws Exception {
        MockHttpServletResponse response = commence(viaProvider(Reason.AUDIENCE_MISMATCH));
        HttpAnswer expected = HttpAnswer.of(BearerChallenge.builder().realm("demo").retryAfter(Duration.ofSeconds(5))
                .resourceMetadata(URI.create("http://api.example.com/.well-known/oauth-protected-resource")).build()
                .answer(Refusal.of(Reason.AUDIENCE_MISMATCH)));

        assertThat(response.getStatus()).isEqualTo(expected.status());
        for (HttpAnswer.Header header : expected.headers()) {
            assertThat(response.getHeader(header.name())).as(header.name()).isEqualTo(header.value());
        }
        assertThat(response.getContentAsByteArray()).isEqualTo(expected.body());
    }

    @Test
    void aCommittedResponseIsLeftAlone() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setStatus(200);
        response.getWriter().write("partial");
        response.flushBuffer();

        entryPoint.commence(request(), response, viaProvider(Reason.EXPIRED));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("WWW-Authenticate")).isNull();
        assertThat(response.getContentAsString()).isEqualTo("partial");
    }

    @Test
    void derivedChallengesAreKeptPerMetadataUrlAndBounded() {
        MockHttpServletRequest first = request();

        assertThat(entryPoint.challengeFor(first)).isSameAs(entryPoint.challengeFor(request()));
        for (int i = 0; i < AudguardAuthenticationEntryPoint.MAX_DERIVED_CHALLENGES + 10; i++) {
            MockHttpServletRequest sprayed = request();
            sprayed.setServerName("h" + i + ".example.com");
            assertThat(entryPoint.challengeFor(sprayed).forMissingToken().wwwAuthenticate())
                    .contains("resource_metadata=\"http://h" + i + ".example.com/.well-known/oauth-protected-resource\"");
        }
        MockHttpServletRequest beyond = request();
        beyond.setServerName("beyond.example.com");
        // beyond the bound each request gets a fresh, correct challenge rather than a bigger cache
        assertThat(entryPoint.challengeFor(beyond)).isNotSameAs(entryPoint.challengeFor(beyond));
        assertThat(entryPoint.challengeFor(first)).isSameAs(entryPoint.challengeFor(request()));
    }

    @Test
    void eachBuilderOptionIsSetOnce() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AudguardAuthenticationEntryPoint.builder().realm("a").realm("b"))
                .isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AudguardAuthenticationEntryPoint.builder().realm("caf\u00e9"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private MockHttpServletResponse commence(AuthenticationException exception) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        entryPoint.commence(request(), response, exception);
        return response;
    }

    /** What Spring's JwtAuthenticationProvider makes of the decoder's refusal. */
    private static AuthenticationException viaProvider(Reason reason) {
        AudguardJwtException refused = new AudguardJwtException(new TokenValidationException(reason));
        return new InvalidBearerTokenException(refused.getMessage(), refused);
    }

    private static MockHttpServletRequest request() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
        request.setServerName("api.example.com");
        request.setServerPort(80);
        return request;
    }
}
