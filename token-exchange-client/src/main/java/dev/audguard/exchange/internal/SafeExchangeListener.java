package dev.audguard.exchange.internal;

import dev.audguard.exchange.ExchangeEvent;
import dev.audguard.exchange.ExchangeListener;
import dev.audguard.exchange.TokenExchangeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Shields exchanges from a listener that throws: the exception is logged, the exchange goes on.
 * Not API.
 *
 * <p>Thread-safe when the wrapped listener is.
 */
public final class SafeExchangeListener implements ExchangeListener {
    private static final Logger log = LoggerFactory.getLogger(SafeExchangeListener.class);

    private final ExchangeListener delegate;

    public SafeExchangeListener(ExchangeListener delegate) {
        this.delegate = delegate;
    }

    private void failed(RuntimeException e) {
        log.warn("An ExchangeListener threw {}; the event was dropped", e.getClass().getName());
    }

    @Override
    public void onExchangeSent(ExchangeEvent event, int attempt) {
        try {
            delegate.onExchangeSent(event, attempt);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void onExchanged(ExchangeEvent event, Instant expiresAt) {
        try {
            delegate.onExchanged(event, expiresAt);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void onCacheHit(ExchangeEvent event) {
        try {
            delegate.onCacheHit(event);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void onRetry(ExchangeEvent event, int failedAttempt, Duration delay) {
        try {
            delegate.onRetry(event, failedAttempt, delay);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void onFailure(ExchangeEvent event, TokenExchangeException.Category category) {
        try {
            delegate.onFailure(event, category);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void onInvalidated(ExchangeEvent event) {
        try {
            delegate.onInvalidated(event);
        } catch (RuntimeException e) {
            failed(e);
        }
    }
}
