package dev.audguard.exchange;

import java.time.Duration;
import java.time.Instant;

/**
 * Receives what a {@link TokenExchangeClient} does, so a service can bridge to metrics or audit logs
 * without this module depending on them.
 *
 * <p>Every method has an empty default. Methods run on the thread that caused the event (a caller's
 * thread or an HTTP client thread); they must be fast and thread-safe. An exception thrown by a
 * listener is logged and otherwise ignored: it never changes an exchange. No event carries a token.
 */
public interface ExchangeListener {

    /** An exchange request is being sent to the token endpoint ({@code attempt} counts from 1; more than 1 is a retry). */
    default void onExchangeSent(ExchangeEvent event, int attempt) {
    }

    /** An exchange succeeded; the token expires at {@code expiresAt}. */
    default void onExchanged(ExchangeEvent event, Instant expiresAt) {
    }

    /** A token came from the cache, or from an exchange already in flight for the same parameters. */
    default void onCacheHit(ExchangeEvent event) {
    }

    /** Attempt {@code failedAttempt} failed in a way another attempt may fix; the next one starts after {@code delay}. */
    default void onRetry(ExchangeEvent event, int failedAttempt, Duration delay) {
    }

    /** An exchange failed for good. */
    default void onFailure(ExchangeEvent event, TokenExchangeException.Category category) {
    }

    /** A cached token was dropped because a downstream service refused it ({@code 401 invalid_token}). */
    default void onInvalidated(ExchangeEvent event) {
    }

    /**
     * A token came from the {@link SharedTokenCache} (another instance exchanged it); no exchange was
     * sent. A hit in this instance's own cache is {@link #onCacheHit}.
     */
    default void onSharedCacheHit(ExchangeEvent event) {
    }

    /**
     * The {@link SharedTokenCache} failed (unreachable, too slow, an unreadable entry): the client
     * exchanged, or will, as if the cache were empty.
     */
    default void onSharedCacheFailure(ExchangeEvent event) {
    }

    /** A listener that ignores everything. */
    static ExchangeListener none() {
        return NoopExchangeListener.INSTANCE;
    }
}

/** The shared do-nothing listener. */
enum NoopExchangeListener implements ExchangeListener {
    INSTANCE
}
