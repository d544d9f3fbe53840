package dev.audguard.exchange.internal;

import dev.audguard.core.internal.Urls;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * A downstream target's base URL, matched the way a browser scopes cookies to a path, not as a
 * string prefix: same scheme, same host (case-insensitive, exact: no subdomains; one trailing dot
 * of a fully qualified name ignored), same effective port, and the base path's segments a prefix
 * of the request's segments, both read under {@link TargetPath}'s rule (unreserved escapes
 * decoded, dot segments removed, spellings that servers read differently refused). So
 * {@code https://orders/api} matches {@code https://orders:443/api/x} and
 * {@code https://orders/%61pi/x} but neither {@code https://orders/apix}, nor
 * {@code https://orders.evil/api}, nor {@code http://orders/api}, nor
 * {@code https://orders/api/%2e%2e/admin}. Not API.
 *
 * <p>Immutable and thread-safe.
 *
 * @param scheme   lower case
 * @param host     lower case, without a trailing dot
 * @param port     the effective port
 * @param segments the path's canonical segments ({@link TargetPath})
 */
public record BaseUrl(String scheme, String host, int port, List<String> segments) {

    public BaseUrl {
        segments = List.copyOf(segments);
    }

    /**
     * @throws IllegalArgumentException when {@code base} is not an absolute http(s) URL, has a
     *     query, fragment or user info, or a path {@link TargetPath} refuses
     */
    public static BaseUrl of(URI base) {
        if (!Urls.isHttpUrl(base) || base.getRawQuery() != null) {
            throw new IllegalArgumentException("a downstream base URL must be an absolute http(s) URL without query, fragment or user info");
        }
        TargetPath.Result path = TargetPath.of(base.getRawPath());
        if (path.isRefused()) {
            throw new IllegalArgumentException("a downstream base URL's path must have one meaning on every server; this one has "
                    + path.refusal() + ": write the path plainly");
        }
        return new BaseUrl(base.getScheme().toLowerCase(Locale.ROOT), host(base), Urls.effectivePort(base), path.segments());
    }

    /** How many path segments of {@code request} this base covers, or -1 when it does not match. */
    public int match(URI request) {
        if (!sameOrigin(request)) {
            return -1;
        }
        return match(TargetPath.of(request.getRawPath()));
    }

    /** As {@link #match(URI)}, for a request whose origin matched and whose path was read once for all targets. */
    public int match(TargetPath.Result requestPath) {
        if (requestPath.isRefused() || requestPath.segments().size() < segments.size()) {
            return -1;
        }
        List<String> requestSegments = requestPath.segments();
        for (int i = 0; i < segments.size(); i++) {
            if (!segments.get(i).equals(requestSegments.get(i))) {
                return -1;
            }
        }
        return segments.size();
    }

    /** Same scheme, host and effective port. */
    public boolean sameOrigin(URI request) {
        return Urls.isHttpUrl(request)
                && scheme.equals(request.getScheme().toLowerCase(Locale.ROOT))
                && host.equals(host(request))
                && port == Urls.effectivePort(request);
    }

    private static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        // "orders.internal." is the fully qualified spelling of "orders.internal": one host for DNS and TLS
        return host.length() > 1 && host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port + "/" + String.join("/", segments);
    }
}
