package dev.audguard.core;

import java.time.Duration;

/**
 * Receives what a {@link TokenIntrospector} does, for metrics (Micrometer counters and timers).
 * Every method has an empty default; an exception thrown by a listener is logged and dropped, the
 * verdict stands. Never given a token or a secret.
 *
 * <p>Implementations must be thread-safe: they are called from request threads concurrently.
 */
public interface IntrospectionListener {

    /** The issuer answered one call within {@code elapsed} (an active answer or not). */
    default void onCall(Duration elapsed) {
    }

    /** An introspection was answered from the cache, without a call. */
    default void onCacheHit() {
    }

    /**
     * A call or the discovery of the endpoint failed; {@code problem} is fixed wording such as
     * {@code "HTTP 500"} or {@code "timeout"}.
     */
    default void onFailure(String problem) {
    }

    /** An introspection was refused (503) because the in-flight or per-second call limit was reached. */
    default void onLimited() {
    }
}
