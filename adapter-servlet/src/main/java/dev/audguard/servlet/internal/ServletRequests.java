package dev.audguard.servlet.internal;

import dev.audguard.core.ResourceRequest;
import jakarta.servlet.http.HttpServletRequest;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Enumeration;

/**
 * The one copy of a servlet request into sdk-core's {@link ResourceRequest}, shared by the servlet
 * filter and the MCP servlet filter, so that what one reads (a header, the client certificate) the
 * other reads too. Not API: for audguard's modules only, may change in any release.
 *
 * <p>Thread-safe (stateless).
 */
public final class ServletRequests {
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private ServletRequests() {
    }

    /**
     * The request as the front door takes it, in plain strings: method, {@code path} (the path
     * within the application the caller computed), raw URI and query, peer address, the leaf
     * client certificate of a mutual-TLS connection, and the headers named (at most two values
     * each: two already make a single-valued header invalid, and more cannot change that).
     */
    public static ResourceRequest copy(HttpServletRequest request, String path, Collection<String> headers) {
        ResourceRequest.Builder copy = ResourceRequest.builder().method(request.getMethod()).path(path)
                .rawPath(request.getRequestURI()).rawQuery(request.getQueryString()).remoteAddress(request.getRemoteAddr());
        for (String name : headers) {
            Enumeration<String> values = request.getHeaders(name);
            for (int n = 0; values != null && values.hasMoreElements() && n < 2; n++) {
                copy.header(name, values.nextElement());
            }
        }
        if (request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain) {
            copy.clientCertificateChain(chain);
        }
        return copy.build();
    }
}
