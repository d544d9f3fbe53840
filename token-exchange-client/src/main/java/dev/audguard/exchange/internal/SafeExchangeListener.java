package dev.audguard.exchange.internal;

import dev.audguard.core.internal.Listeners;
import dev.audguard.exchange.ExchangeEvent;
import dev.audguard.exchange.ExchangeListener;
import dev.audguard.exchange.TokenExchangeException;

import java.time.Duration;
import java.time.Instant;

/**
 * Shields exchanges from a listener that throws: the exception is logged, the exchange goes on
 * (sdk-core's {@link Listeners} rule). Not API.
 *
 * <p>Thread-safe when the wrapped listener is.
 */
public final class SafeExchangeListener implements ExchangeListener {
    private final ExchangeListener delegate;

    public SafeExchangeListener(ExchangeListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onExchangeSent(ExchangeEvent event, int attempt) {
        Listeners.guard(ExchangeListener.class, () -> delegate.onExchangeSent(event, attempt));
    }

    @Override
    public void onExchanged(ExchangeEvent event, Instant expiresAt) {
        Listeners.guard(ExchangeListener.class, () -> delegate.onExchanged(event, expiresAt));
    }

    @Override
    public void onCacheHit(ExchangeEvent event) {
        Listeners.guard(ExchangeListener.class, () -> delegate.onCacheHit(event));
    }

    @Override
    public void onRetry(ExchangeEvent event, int failedAttempt, Duration delay) {
        Listeners.guard(ExchangeListener.class, () -> delegate.onRetry(event, failedAttempt, delay));
    }

    @Override
    public void onFailure(ExchangeEvent event, TokenExchangeException.Category category) {
        Listeners.guard(ExchangeListener.class, () -> delegate.onFailure(event, category));
    }

    @Override
    public void onInvalidated(ExchangeEvent event) {
        Listeners.guard(ExchangeListener.class, () -> delegate.onInvalidated(event));
    }

    @Override
    public void onSharedCacheHit(ExchangeEvent event) {
        Listeners.guard(ExchangeListener.class, () -> delegate.onSharedCacheHit(event));
    }

    @Override
    public void onSharedCacheFailure(ExchangeEvent event) {
        Listeners.guard(ExchangeListener.class, () -> delegate.onSharedCacheFailure(event));
    }
}
