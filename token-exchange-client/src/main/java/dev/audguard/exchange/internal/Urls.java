package dev.audguard.exchange.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * URL rules shared by the exchange client and the downstream targets: which URLs may carry
 * credentials or tokens. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class Urls {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    private Urls() {
    }

    /** Whether {@code uri} is an absolute http(s) URL with a host, no user info and no fragment. */
    public static boolean isHttpUrl(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || scheme.equals("http");
    }

    /**
     * Whether credentials may travel to {@code uri}: https, or plain http to a loopback host, or
     * plain http anywhere when {@code allowInsecureHttp}.
     */
    public static boolean isSecureEnough(URI uri, boolean allowInsecureHttp) {
        if (!isHttpUrl(uri)) {
            return false;
        }
        return uri.getScheme().equalsIgnoreCase("https") || allowInsecureHttp || isLoopback(uri.getHost());
    }

    /** {@code localhost}, {@code 127.x.x.x} or an IPv6 loopback literal; decided without any name lookup. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || IPV4_LOOPBACK.matcher(h).matches()) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            try {
                return InetAddress.getByName(h.substring(1, h.length() - 1)).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** The port, with the scheme's default for -1. */
    public static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** {@code scheme://host:port}, for messages: never the path's query or user info. */
    public static String origin(URI uri) {
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            return "(not an absolute URL)";
        }
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + effectivePort(uri);
    }

    /** Origin and path, without query, fragment or user info: safe for logs and messages. */
    public static String withoutQuery(URI uri) {
        String path = uri == null ? null : uri.getRawPath();
        return origin(uri) + (path == null ? "" : path);
    }
}
