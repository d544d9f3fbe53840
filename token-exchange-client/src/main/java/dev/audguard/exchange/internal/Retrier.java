package dev.audguard.exchange.internal;

import dev.audguard.exchange.RetryScheduler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntFunction;

/**
 * The retry step of the exchange chain: runs an attempt and, when it fails with a retryable
 * {@link ExchangeFailure} (network errors, timeouts, 5xx, 429), runs another after the policy's
 * delay, up to the policy's number of attempts. Other failures (every other 4xx, unusable answers)
 * end at once. Not API.
 *
 * <p>Thread-safe.
 */
public final class Retrier {

    /** Told about each retry before it waits. */
    @FunctionalInterface
    public interface RetryObserver {
        void retrying(int failedAttempt, Duration delay, ExchangeFailure failure);
    }

    private final RetryPolicy policy;
    private final RetryScheduler scheduler;

    public Retrier(RetryPolicy policy, RetryScheduler scheduler) {
        this.policy = policy;
        this.scheduler = scheduler;
    }

    /** Runs {@code attempt} (given the 1-based attempt number) until it succeeds or may not be repeated. */
    public <T> CompletableFuture<T> run(IntFunction<CompletableFuture<T>> attempt, RetryObserver observer) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(1, attempt, observer, result);
        return result;
    }

    private <T> void attempt(int n, IntFunction<CompletableFuture<T>> attempt, RetryObserver observer, CompletableFuture<T> result) {
        CompletableFuture<T> future;
        try {
            future = attempt.apply(n);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            ExchangeFailure failure = ExchangeFailure.unwrap(error);
            Duration retryAfter = failure.retryAfter();
            if (!failure.retryable() || n >= policy.maxAttempts()
                    || retryAfter != null && retryAfter.compareTo(policy.maxRetryAfter()) > 0) {
                result.completeExceptionally(failure.exhausted());
                return;
            }
            Duration delay = retryAfter != null ? retryAfter : policy.backoff(n);
            observer.retrying(n, delay, failure);
            try {
                scheduler.after(delay).execute(() -> attempt(n + 1, attempt, observer, result));
            } catch (RejectedExecutionException | NullPointerException e) {
                result.completeExceptionally(failure.exhausted());
            }
        });
    }
}
