package dev.audguard.spring.server;

import dev.audguard.core.BearerTokens;
import dev.audguard.core.TokenValidationException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

import java.util.Collection;
import java.util.Enumeration;
import java.util.List;

/**
 * Reads the bearer token with sdk-core's {@link BearerTokens}, so Spring answers exactly as the
 * servlet and Jakarta REST adapters do: strictly RFC 6750 section 2.1, from exactly one
 * {@code Authorization: Bearer} header. A token in the query string (with or without a header),
 * two {@code Authorization} headers or a malformed {@code Bearer} header fail with
 * {@code invalid_request} (400); another scheme ({@code Basic}) means no bearer token.
 *
 * <p>Spring's {@code DefaultBearerTokenResolver} is replaced because it is configurable into
 * accepting query and form tokens and answers two headers differently. Declared as a bean, Spring
 * Security's {@code oauth2ResourceServer()} picks it up.
 *
 * <p>Thread-safe (stateless).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 section 2.1</a>
 */
public final class AudguardBearerTokenResolver implements BearerTokenResolver {

    /**
     * @return the token, or {@code null} when the request carries no bearer credentials
     * @throws OAuth2AuthenticationException {@code invalid_request}, caused by the sdk-core
     *     {@link TokenValidationException}, when the request carries credentials RFC 6750 does not allow
     */
    @Override
    public String resolve(HttpServletRequest request) {
        try {
            return BearerTokens.resolve(authorizationHeaders(request), request.getQueryString()).orElse(null);
        } catch (TokenValidationException invalid) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidRequest(invalid.reason().description()), invalid);
        }
    }

    /** Every {@code Authorization} value, up to two: two already make the request invalid. */
    private static Collection<String> authorizationHeaders(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders("Authorization");
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        return values.hasMoreElements() ? List.of(first, values.nextElement()) : List.of(first);
    }

    @Override
    public String toString() {
        return "AudguardBearerTokenResolver";
    }
}
