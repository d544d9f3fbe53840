package dev.audguard.exchange;

/**
 * A request to a URL that matches no configured downstream target: it is refused rather than sent
 * with a token, so that a token never reaches a host nobody configured (a typo, a redirect target,
 * a URL taken from user input).
 *
 * <p>The message names the URL's scheme, host, port and path, never its query. Immutable and
 * thread-safe.
 */
public final class UnknownDownstreamException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownDownstreamException(String urlWithoutQuery) {
        super("no downstream target matches " + urlWithoutQuery + "; no token is sent to a URL that is not a configured target");
    }
}
