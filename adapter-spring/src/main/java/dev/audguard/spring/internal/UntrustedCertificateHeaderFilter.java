package dev.audguard.spring.internal;

import dev.audguard.core.binding.ClientCertificateHeader;
import dev.audguard.servlet.internal.HiddenHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;

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
            chain.doFilter(HiddenHeaders.hide(request, Set.of(header.headerName())), response);
            return;
        }
        chain.doFilter(request, response);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
