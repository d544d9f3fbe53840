package dev.audguard.spring;

import dev.audguard.core.Reason;
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
