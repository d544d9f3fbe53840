package dev.audguard.spring.internal;

import dev.audguard.exchange.ExchangeEvent;
import dev.audguard.exchange.ExchangeListener;
import dev.audguard.exchange.TokenExchangeException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One {@link ExchangeListener} calling several, in order; token-exchange-client isolates the
 * client from a listener that throws. Not API.
 *
 * <p>Immutable and thread-safe when the listeners are.
 */
public final class ExchangeListeners extends Listeners<ExchangeListener> implements ExchangeListener {
    private ExchangeListeners(List<ExchangeListener> listeners) {
        super(listeners);
    }

    /** {@code listeners} as one; the single listener itself when there is one. */
    public static ExchangeListener of(List<ExchangeListener> listeners) {
        return asOne(listeners, ExchangeListeners::new);
    }

    @Override
    public void onExchangeSent(ExchangeEvent event, int attempt) {
        each(l -> l.onExchangeSent(event, attempt));
    }

    @Override
    public void onExchanged(ExchangeEvent event, Instant expiresAt) {
        each(l -> l.onExchanged(event, expiresAt));
    }

    @Override
    public void onCacheHit(ExchangeEvent event) {
        each(l -> l.onCacheHit(event));
    }

    @Override
    public void onRetry(ExchangeEvent event, int failedAttempt, Duration delay) {
        each(l -> l.onRetry(event, failedAttempt, delay));
    }

    @Override
    public void onFailure(ExchangeEvent event, TokenExchangeException.Category category) {
        each(l -> l.onFailure(event, category));
    }

    @Override
    public void onInvalidated(ExchangeEvent event) {
        each(l -> l.onInvalidated(event));
    }
}
