package dev.audguard.core.internal;

import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Caffeine caches read time from a {@link Ticker}; our components take a {@link Clock}. One
 * adapter, so that a test advancing its clock also ages every cache. Not API (Caffeine types stay
 * out of public signatures).
 *
 * <p>Thread-safe when the clock is.
 */
public final class Tickers {
    private Tickers() {
    }

    /** A ticker reading {@code clock} (millisecond resolution, as {@link Clock#millis()}). */
    public static Ticker of(Clock clock) {
        return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }
}
