package dev.audguard.core.internal;

import java.net.URI;
import java.util.Locale;

/**
 * URL rules for every module that sends credentials, tokens or key requests somewhere: which URLs
 * may carry them (HTTPS, or plain HTTP to loopback only unless the user opted out), and how a URL
 * is shown in logs and messages (never its query or user info, which may hold keys). Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class Urls {
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
     * The HTTPS-unless-loopback rule: whether credentials may travel to {@code uri}: https, or
     * plain http to a loopback host ({@link HttpFetcher#isLoopback}, no name lookup), or plain
     * http anywhere when {@code allowInsecureHttp}.
     */
    public static boolean isSecureEnough(URI uri, boolean allowInsecureHttp) {
        if (!isHttpUrl(uri)) {
            return false;
        }
        return uri.getScheme().equalsIgnoreCase("https") || allowInsecureHttp || HttpFetcher.isLoopback(uri.getHost());
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

    /** Origin and path, without query, fragment or user info: safe for logs, messages, health and metric tags. */
    public static String withoutQuery(URI uri) {
        String path = uri == null ? null : uri.getRawPath();
        return origin(uri) + (path == null ? "" : path);
    }
}
