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
 * token resolver refuses it. Without a configured resource it also answers 400 to a request for
 * the RFC 9728 metadata whose {@code Host} is not a valid host name (see {@link RequestUrls}),
 * which Spring Security's metadata filter would otherwise state as the {@code resource}. It leaves
 * the response where the request-aware authentication can add an accepted request's headers
 * ({@link AcceptedHeaders}). Not API.
 *
 * <p>Thread-safe.
 */
public final class QueryTokenFilter extends OncePerRequestFilter implements Ordered {
    /** Just before Spring Security's filter chain (-100). */
    public static final int ORDER = -101;

    private final AuthenticationEntryPoint entryPoint;

    private final boolean derivesUrls;

    /** Answers refusals with {@code entryPoint}. */
    public QueryTokenFilter(AuthenticationEntryPoint entryPoint) {
        this(entryPoint, false);
    }

    /**
     * Answers refusals with {@code entryPoint}; when {@code derivesUrls} (no resource configured),
     * also refuses (400) a metadata request whose {@code Host} is not a valid host name.
     */
    public QueryTokenFilter(AuthenticationEntryPoint entryPoint, boolean derivesUrls) {
        this.entryPoint = entryPoint;
        this.derivesUrls = derivesUrls;
    }

    private static boolean isMetadataRequest(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String path = uri == null ? "" : uri.substring(Math.min(uri.length(), request.getContextPath().length()));
        return path.startsWith("/.well-known/oauth-protected-resource");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // a DPoP-Nonce for an accepted request is added by the authentication manager, which sees only the request
        AcceptedHeaders.remember(request, response);
        if (derivesUrls && isMetadataRequest(request) && !RequestUrls.usable(request)) {
            // the metadata document would state a resource built from this Host: never reflect one that is not a host name
            // (the path first: it is the cheap test, and the Host check is needed for the metadata request alone)
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setHeader("Cache-Control", "no-store");
            return;
        }
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
