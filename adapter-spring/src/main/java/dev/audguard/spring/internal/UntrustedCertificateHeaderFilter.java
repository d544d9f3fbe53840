package dev.audguard.spring.internal;

import dev.audguard.core.binding.ClientCertificateHeader;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Hides a trusted proxy's client-certificate header ({@code audguard.mtls.proxy-header-*}, or the
 * {@code ClientCertificateHeader} of a {@code SenderConstraints} bean) from the application when
 * the request does not come from one of the trusted proxies: anyone can send that header, and only
 * the proxy's copy says which certificate the TLS client presented. The binding step ignores it
 * from such peers already; this filter, before Spring Security's chain, keeps controllers and
 * other filters from reading it too. Not API.
 *
 * <p>Thread-safe.
 */
public final class UntrustedCertificateHeaderFilter extends OncePerRequestFilter implements Ordered {
    /** Before {@link QueryTokenFilter} and Spring Security's filter chain. */
    public static final int ORDER = QueryTokenFilter.ORDER - 1;

    private final ClientCertificateHeader header;

    /** Hides {@code header} from requests of peers it does not trust; {@code null}: no such header, nothing to hide. */
    public UntrustedCertificateHeaderFilter(ClientCertificateHeader header) {
        this.header = header;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (header != null && request.getHeader(header.headerName()) != null && !header.isTrustedProxy(request.getRemoteAddr())) {
            chain.doFilter(new Without(request, header.headerName()), response);
            return;
        }
        chain.doFilter(request, response);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The request without one header (names compare case-insensitively, as HTTP's do). */
    private static final class Without extends HttpServletRequestWrapper {
        private final String hidden;

        Without(HttpServletRequest request, String hidden) {
            super(request);
            this.hidden = hidden;
        }

        @Override
        public String getHeader(String name) {
            return hidden.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(hidden::equalsIgnoreCase);
            return Collections.enumeration(names);
        }

        @Override
        public long getDateHeader(String name) {
            return hidden.equalsIgnoreCase(name) ? -1 : super.getDateHeader(name);
        }

        @Override
        public int getIntHeader(String name) {
            return hidden.equalsIgnoreCase(name) ? -1 : super.getIntHeader(name);
        }
    }
}
