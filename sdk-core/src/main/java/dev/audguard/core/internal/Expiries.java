package dev.audguard.core.internal;

import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Caffeine expiry for values that carry their own deadline (a verified token's {@code exp}, an
 * exchanged token's cache deadline), read on an injected {@link Clock} so a test advancing its
 * clock ages the entry. One rule for the verdict cache and the exchange cache. Not API (Caffeine
 * types stay out of public signatures).
 *
 * <p>Thread-safe when the clock and the deadline function are.
 */
public final class Expiries {
    /** No entry lives longer, whatever its deadline: a token without {@code exp} is not kept for ever. */
    static final long MAX_MILLIS = TimeUnit.DAYS.toMillis(365);

    private Expiries() {
    }

    /**
     * An entry lives until {@code deadlineMillis} of its value (epoch milliseconds on {@code clock}),
     * at most {@link #MAX_MILLIS}; a deadline that has passed ({@link Long#MIN_VALUE}: never cache)
     * keeps it not at all. An update starts again from the new value's deadline; a read changes nothing.
     */
    public static <K, V> Expiry<K, V> untilDeadline(Clock clock, ToLongFunction<? super V> deadlineMillis) {
        return Expiry.writing((key, value) -> timeLeft(clock.millis(), deadlineMillis.applyAsLong(value)));
    }

    static Duration timeLeft(long now, long deadline) {
        // compared before subtracting: Long.MIN_VALUE - now would wrap round to a long life
        return deadline <= now ? Duration.ZERO : Duration.ofMillis(Math.min(deadline - now, MAX_MILLIS));
    }
}
