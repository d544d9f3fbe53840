package dev.audguard.exchange;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Decides how a retry waits: given the delay the backoff (or the issuer's {@code Retry-After})
 * asks for, an executor that runs the next attempt after it.
 *
 * <p>The default, {@link #system()}, waits for real without blocking a thread
 * ({@link CompletableFuture#delayedExecutor}). Tests pass one that records the delays and runs at
 * once, so that retries are checked without waiting:
 *
 * <pre>{@code
 * List<Duration> delays = new CopyOnWriteArrayList<>();
 * RetryScheduler immediate = delay -> { delays.add(delay); return Runnable::run; };
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RetryScheduler {

    /** An executor that runs its task once {@code delay} has passed. */
    Executor after(Duration delay);

    /** Real waiting, on the common pool, without holding a thread while waiting. */
    static RetryScheduler system() {
        return delay -> CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
