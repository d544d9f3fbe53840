package dev.audguard.exchange.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How many attempts, and how long between them: exponential backoff with jitter, or the issuer's
 * {@code Retry-After} when it sent one and it is not longer than {@code maxRetryAfter}. Not API.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxAttempts    attempts in all, 1 for none repeated
 * @param initialBackoff the base delay before the second attempt
 * @param maxBackoff     the cap on the base delay
 * @param maxRetryAfter  a longer {@code Retry-After} ends the retries at once: the caller is better
 *                       told to come back than kept waiting
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    /**
     * The delay before attempt {@code failedAttempt + 1}: the base doubles per attempt up to the cap,
     * and the delay is drawn from its upper half ("equal jitter"), so that callers that failed
     * together do not come back together.
     */
    public Duration backoff(int failedAttempt) {
        long base = initialBackoff.toNanos();
        for (int i = 1; i < failedAttempt && base < maxBackoff.toNanos(); i++) {
            base *= 2;
        }
        base = Math.min(base, maxBackoff.toNanos());
        long half = base / 2;
        return Duration.ofNanos(half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
    }
}
