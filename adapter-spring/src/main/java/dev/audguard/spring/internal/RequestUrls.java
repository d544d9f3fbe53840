package dev.audguard.spring.internal;

import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The URL a request says this service has, for the URLs the service states about itself when none
 * is configured ({@code resource_metadata}, the RFC 9728 {@code resource}): built only from a
 * scheme of {@code http}/{@code https}, a {@code Host} that is a valid host name (RFC 1123 labels,
 * an IPv4 address or a bracketed IPv6 literal; no trailing dot) with a port in 1-65535, and a
 * context path of plain segments. Anything else is never reflected. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class RequestUrls {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");
    private static final Pattern CONTEXT_PATH = Pattern.compile("(?:/[A-Za-z0-9._~!$&'()*+,;=:@-]+)*");

    private RequestUrls() {
    }

    /** Whether {@code host} (as {@code getServerName()} gives it) is a valid host name or address literal. */
    public static boolean validHost(String host) {
        if (host == null || host.isEmpty() || host.length() > 253) {
            return false;
        }
        if (host.charAt(0) == '[') {
            return IPV6.matcher(host).matches();
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Whether the request's scheme, host and port may be used in a URL the service states. */
    public static boolean usable(HttpServletRequest request) {
        String scheme = request.getScheme() == null ? "" : request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        return (scheme.equals("http") || scheme.equals("https")) && validHost(request.getServerName())
                && port > 0 && port <= 65535 && CONTEXT_PATH.matcher(request.getContextPath()).matches();
    }

    /** {@code path} under the request's origin and context path, when {@link #usable} says so. */
    public static Optional<URI> derive(HttpServletRequest request, String path) {
        if (!usable(request)) {
            return Optional.empty();
        }
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return Optional.of(URI.create(scheme + "://" + request.getServerName().toLowerCase(Locale.ROOT)
                + (defaultPort ? "" : ":" + port) + request.getContextPath() + path));
    }
}
