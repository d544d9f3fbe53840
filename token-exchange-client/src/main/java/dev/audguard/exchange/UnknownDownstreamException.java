package dev.audguard.exchange;

import dev.audguard.core.Refusal;
import dev.audguard.exchange.TokenExchangeException.Category;
import dev.audguard.exchange.TokenExchangeException.ExchangeError;

/**
 * A request to a URL that matches no configured downstream target: it is refused rather than sent
 * with a token, so that a token never reaches a host nobody configured (a typo, a redirect target,
 * a URL taken from user input).
 *
 * <p>The message names the URL's scheme, host, port and path, never its query. It carries the same
 * {@link ExchangeError} record as {@link TokenExchangeException}, in
 * {@link Category#CONFIGURATION}: an adapter that lets it escape a request answers its caller
 * {@code 502} through sdk-core's front door ({@link Refusal.Carrier}), as for a misconfigured
 * exchange.
 *
 * <p>Immutable and thread-safe.
 */
public final class UnknownDownstreamException extends IllegalArgumentException implements Refusal.Carrier {
    private static final long serialVersionUID = 1L;

    private final ExchangeError error;

    UnknownDownstreamException(String urlWithoutQuery) {
        super("no downstream target matches " + urlWithoutQuery + "; no token is sent to a URL that is not a configured target");
        this.error = ExchangeError.of(Category.CONFIGURATION, "no downstream target matches the URL");
    }

    /** The failure as a record: {@link Category#CONFIGURATION}, without an issuer answer. */
    public ExchangeError error() {
        return error;
    }

    /** The sdk-core refusal an adapter answers its caller with: 502, the configuration category's wording. */
    @Override
    public Refusal refusal() {
        return error.refusal();
    }
}
