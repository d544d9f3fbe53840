package dev.audguard.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The canonical form of an MCP server's resource URI (RFC 8707 section 2, MCP authorization
 * specification "Canonical Server URI"): lowercase scheme and host, the default port dropped, no
 * trailing slash, no fragment, {@code https} (or {@code http} on a loopback host).
 *
 * <pre>{@code
 * ResourceUri mcp = ResourceUri.of("https://MCP.example.com:443/mcp/");   // https://mcp.example.com/mcp
 * mcp.matches("HTTPS://mcp.example.com/mcp");                             // true
 * }</pre>
 *
 * <p>Two values name the same resource when their canonical forms are equal: tokens whose
 * {@code aud} spells the server's URI with an uppercase scheme or host, a default port or a
 * trailing slash are accepted, and nothing else is (the path is compared exactly: it is case
 * sensitive).
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8707#section-2">RFC 8707 section 2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3986#section-6.2.2">RFC 3986 section 6.2.2</a>
 */
public final class ResourceUri {
    private final URI uri;

    private ResourceUri(URI uri) {
        this.uri = uri;
    }

    /**
     * The canonical form of {@code value}.
     *
     * @throws IllegalArgumentException when {@code value} is not an absolute {@code https} URI (or
     *     {@code http} on {@code 127.0.0.1}, {@code [::1]} or {@code localhost}), has a fragment or
     *     user information; the message quotes the value (configuration, not a request)
     */
    public static ResourceUri of(String value) {
        Objects.requireNonNull(value, "value");
        return parse(value).orElseThrow(() -> new IllegalArgumentException("the MCP resource URI \"" + value
                + "\" is not an absolute https URI without fragment or user information (http only on a loopback host); "
                + "write it as the URL clients use for the MCP endpoint, e.g. https://mcp.example.com/mcp"));
    }

    /** The canonical form of {@code value}, or empty when it is not a resource URI. Never throws. */
    public static Optional<ResourceUri> parse(String value) {
        if (value == null || value.isEmpty() || value.length() > 2048) {
            return Optional.empty();
        }
        URI parsed;
        try {
            parsed = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!parsed.isAbsolute() || parsed.isOpaque() || parsed.getRawFragment() != null
                || parsed.getRawUserInfo() != null || parsed.getHost() == null) {
            return Optional.empty();
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        String host = parsed.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("localhost");
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            return Optional.empty();
        }
        int port = parsed.getPort();
        if (port == 443 && scheme.equals("https") || port == 80 && scheme.equals("http")) {
            port = -1;
        }
        String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        StringBuilder canonical = new StringBuilder(scheme).append("://").append(host);
        if (port != -1) {
            canonical.append(':').append(port);
        }
        canonical.append(path);
        if (parsed.getRawQuery() != null) {
            canonical.append('?').append(parsed.getRawQuery());
        }
        return Optional.of(new ResourceUri(URI.create(canonical.toString())));
    }

    /** Whether {@code value} (e.g. one {@code aud} value of a token) names this resource. */
    public boolean matches(String value) {
        return parse(value).map(this::equals).orElse(false);
    }

    /** The canonical URI. */
    public URI uri() {
        return uri;
    }

    /** The path, without a trailing slash ({@code ""} for a resource at the root). */
    public String path() {
        return uri.getRawPath() == null ? "" : uri.getRawPath();
    }

    /** The origin: scheme, host and port (when not the default). */
    public String origin() {
        String s = uri.toString();
        int slash = s.indexOf('/', uri.getScheme().length() + 3);
        int query = s.indexOf('?');
        int end = slash >= 0 ? slash : query >= 0 ? query : s.length();
        return s.substring(0, end);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceUri other && uri.toString().equals(other.uri.toString());
    }

    @Override
    public int hashCode() {
        return uri.toString().hashCode();
    }

    /** The canonical URI as text. */
    @Override
    public String toString() {
        return uri.toString();
    }
}
