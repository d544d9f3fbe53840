package dev.audguard.exchange.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A downstream target's base URL, matched the way a browser scopes cookies to a path, not as a
 * string prefix: same scheme, same host (case-insensitive, exact: no subdomains), same effective
 * port, and the base path's segments a prefix of the request's segments after dot-segment removal.
 * So {@code https://orders/api} matches {@code https://orders:443/api/x} but neither
 * {@code https://orders/apix}, nor {@code https://orders.evil/api}, nor {@code http://orders/api}. Not API.
 *
 * <p>Immutable and thread-safe.
 *
 * @param scheme   lower case
 * @param host     lower case
 * @param port     the effective port
 * @param segments the path's raw (still percent-encoded) segments
 */
public record BaseUrl(String scheme, String host, int port, List<String> segments) {

    public BaseUrl {
        segments = List.copyOf(segments);
    }

    /**
     * @throws IllegalArgumentException when {@code base} is not an absolute http(s) URL, or has a
     *     query, fragment or user info
     */
    public static BaseUrl of(URI base) {
        if (!Urls.isHttpUrl(base) || base.getRawQuery() != null) {
            throw new IllegalArgumentException("a downstream base URL must be an absolute http(s) URL without query, fragment or user info");
        }
        URI normalized = base.normalize();
        List<String> segments = segments(normalized.getRawPath());
        if (segments == null) {
            throw new IllegalArgumentException("a downstream base URL must not climb above the root with '..'");
        }
        return new BaseUrl(normalized.getScheme().toLowerCase(Locale.ROOT), normalized.getHost().toLowerCase(Locale.ROOT),
                Urls.effectivePort(normalized), segments);
    }

    /** How many path segments of {@code request} this base covers, or -1 when it does not match. */
    public int match(URI request) {
        if (!Urls.isHttpUrl(request)) {
            return -1;
        }
        URI normalized = request.normalize();
        if (!scheme.equals(normalized.getScheme().toLowerCase(Locale.ROOT))
                || !host.equals(normalized.getHost().toLowerCase(Locale.ROOT))
                || port != Urls.effectivePort(normalized)) {
            return -1;
        }
        List<String> requestSegments = segments(normalized.getRawPath());
        if (requestSegments == null || requestSegments.size() < segments.size()) {
            return -1;
        }
        for (int i = 0; i < segments.size(); i++) {
            if (!segments.get(i).equals(requestSegments.get(i))) {
                return -1;
            }
        }
        return segments.size();
    }

    /** The segments of a normalised raw path without the empty ones at its ends; null when it still holds "..". */
    private static List<String> segments(String rawPath) {
        List<String> result = new ArrayList<>();
        if (rawPath == null || rawPath.isEmpty()) {
            return result;
        }
        String[] parts = rawPath.split("/", -1);
        int from = parts.length > 0 && parts[0].isEmpty() ? 1 : 0;
        int to = parts.length > from && parts[parts.length - 1].isEmpty() ? parts.length - 1 : parts.length;
        for (int i = from; i < to; i++) {
            if (parts[i].equals("..") || parts[i].equals(".")) {
                return null;
            }
            result.add(parts[i]);
        }
        return result;
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port + "/" + String.join("/", segments);
    }
}
