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
public final class ExchangeListeners implements ExchangeListener {
    private final List<ExchangeListener> listeners;

    private ExchangeListeners(List<ExchangeListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** {@code listeners} as one; the single listener itself when there is one. */
    public static ExchangeListener of(List<ExchangeListener> listeners) {
        return listeners.size() == 1 ? listeners.get(0) : new ExchangeListeners(listeners);
    }

    @Override
    public void onExchangeSent(ExchangeEvent event, int attempt) {
        listeners.forEach(l -> l.onExchangeSent(event, attempt));
    }

    @Override
    public void onExchanged(ExchangeEvent event, Instant expiresAt) {
        listeners.forEach(l -> l.onExchanged(event, expiresAt));
    }

    @Override
    public void onCacheHit(ExchangeEvent event) {
        listeners.forEach(l -> l.onCacheHit(event));
    }

    @Override
    public void onRetry(ExchangeEvent event, int failedAttempt, Duration delay) {
        listeners.forEach(l -> l.onRetry(event, failedAttempt, delay));
    }

    @Override
    public void onFailure(ExchangeEvent event, TokenExchangeException.Category category) {
        listeners.forEach(l -> l.onFailure(event, category));
    }

    @Override
    public void onInvalidated(ExchangeEvent event) {
        listeners.forEach(l -> l.onInvalidated(event));
    }
}
