package dev.audguard.spring.internal;

import dev.audguard.core.BearerTokens;
import dev.audguard.core.TokenValidationException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * Refuses a request with an {@code access_token} query parameter (400 {@code invalid_request})
 * before Spring Security's filter chain sees it: the token would otherwise be written to the log
 * by Spring Security's own DEBUG line ("Securing GET /path?access_token=...") before audguard's
 * token resolver refuses it. Not API.
 *
 * <p>Thread-safe.
 */
public final class QueryTokenFilter extends OncePerRequestFilter implements Ordered {
    /** Just before Spring Security's filter chain (-100). */
    public static final int ORDER = -101;

    private final AuthenticationEntryPoint entryPoint;

    /** Answers refusals with {@code entryPoint}. */
    public QueryTokenFilter(AuthenticationEntryPoint entryPoint) {
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null) {
            try {
                BearerTokens.resolve(List.of(), query);
            } catch (TokenValidationException invalid) {
                entryPoint.commence(request, response,
                        new OAuth2AuthenticationException(BearerTokenErrors.invalidRequest(invalid.reason().description()), invalid));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
