package dev.audguard.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts and keeps every event, to compare what the client says it did with what the server saw. Thread-safe. */
final class RecordingListener implements ExchangeListener {
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger exchanged = new AtomicInteger();
    final AtomicInteger cacheHits = new AtomicInteger();
    final AtomicInteger invalidated = new AtomicInteger();
    final AtomicInteger sharedHits = new AtomicInteger();
    final AtomicInteger sharedFailures = new AtomicInteger();
    final List<Duration> retryDelays = new CopyOnWriteArrayList<>();
    final List<TokenExchangeException.Category> failures = new CopyOnWriteArrayList<>();
    final List<ExchangeEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onExchangeSent(ExchangeEvent event, int attempt) {
        sent.incrementAndGet();
        events.add(event);
    }

    @Override
    public void onExchanged(ExchangeEvent event, Instant expiresAt) {
        exchanged.incrementAndGet();
    }

    @Override
    public void onCacheHit(ExchangeEvent event) {
        cacheHits.incrementAndGet();
        events.add(event);
    }

    @Override
    public void onRetry(ExchangeEvent event, int failedAttempt, Duration delay) {
        retryDelays.add(delay);
    }

    @Override
    public void onFailure(ExchangeEvent event, TokenExchangeException.Category category) {
        failures.add(category);
    }

    @Override
    public void onInvalidated(ExchangeEvent event) {
        invalidated.incrementAndGet();
    }

    @Override
    public void onSharedCacheHit(ExchangeEvent event) {
        sharedHits.incrementAndGet();
    }

    @Override
    public void onSharedCacheFailure(ExchangeEvent event) {
        sharedFailures.incrementAndGet();
    }
}
