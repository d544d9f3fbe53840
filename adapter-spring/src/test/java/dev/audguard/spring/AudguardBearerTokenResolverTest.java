package dev.audguard.spring;

import dev.audguard.spring.server.AudguardBearerTokenResolver;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token resolver is sdk-core's strict RFC 6750 parser. */
class AudguardBearerTokenResolverTest {
    private final AudguardBearerTokenResolver resolver = new AudguardBearerTokenResolver();

    @Test
    void readsOneBearerHeaderWhateverTheSchemesCase() {
        assertThat(resolver.resolve(request("Bearer abc.def.ghi"))).isEqualTo("abc.def.ghi");
        assertThat(resolver.resolve(request("bearer abc.def.ghi"))).isEqualTo("abc.def.ghi");
    }

    @Test
    void anotherSchemeOrNoHeaderIsNoBearerToken() {
        assertThat(resolver.resolve(request("Basic YWxpY2U6YWxpY2U="))).isNull();
        assertThat(resolver.resolve(request())).isNull();
    }

    @Test
    void twoHeadersAreAnInvalidRequest() {
        assertInvalidRequest(request("Bearer abc", "Bearer abc"));
    }

    @Test
    void aQueryStringTokenIsAnInvalidRequestEvenBesideAHeader() {
        MockHttpServletRequest query = request();
        query.setQueryString("access_token=abc");
        MockHttpServletRequest both = request("Bearer abc");
        both.setQueryString("x=1&access%5Ftoken=abc");

        assertInvalidRequest(query);
        assertInvalidRequest(both);
    }

    @Test
    void aMalformedBearerHeaderIsAnInvalidRequest() {
        assertInvalidRequest(request("Bearer"));
        assertInvalidRequest(request("Bearer a b"));
        assertInvalidRequest(request("Bearer \"abc\""));
    }

    private void assertInvalidRequest(MockHttpServletRequest request) {
        assertThatThrownBy(() -> resolver.resolve(request)).isInstanceOfSatisfying(OAuth2AuthenticationException.class, e -> {
            assertThat(e.getError().getErrorCode()).isEqualTo("invalid_request");
            assertThat(e.getCause()).isInstanceOfSatisfying(TokenValidationException.class,
                    c -> assertThat(c.reason()).isEqualTo(Reason.INVALID_REQUEST));
        });
    }

    private static MockHttpServletRequest request(String... authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
        for (String value : authorization) {
            request.addHeader("Authorization", value);
        }
        return request;
    }
}
