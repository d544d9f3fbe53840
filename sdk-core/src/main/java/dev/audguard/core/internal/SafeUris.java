package dev.audguard.core.internal;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * URLs as they may appear in logs, health reports and metrics tags: without user info, query or
 * fragment, where gateways that want a key in the URL put it. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class SafeUris {
    private SafeUris() {
    }

    /** {@code uri} with only scheme, host, port and path; a URL that cannot be rebuilt becomes its scheme and host. */
    public static URI withoutSecrets(URI uri) {
        if (uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (URISyntaxException e) {
            return URI.create(uri.getScheme() + "://" + (uri.getHost() == null ? "unknown-host" : uri.getHost()));
        }
    }
}
