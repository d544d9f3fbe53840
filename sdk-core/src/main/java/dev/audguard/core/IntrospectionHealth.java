package dev.audguard.core;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one {@link TokenIntrospector}, for health endpoints (Spring Actuator, a readiness
 * probe) and dashboards.
 *
 * <p>Immutable and thread-safe.
 *
 * @param endpoint the introspection endpoint without user info, query or fragment; empty while
 *     discovery has not found it yet
 * @param status the overall verdict
 * @param lastSuccess when the issuer last answered a call (active or not)
 * @param lastFailure when a call or the discovery of the endpoint last failed
 * @param lastProblem fixed wording describing the last failure (never a response body, never a token)
 * @param calls introspection calls made since start
 * @param failures calls (and endpoint discoveries) that failed since start
 * @param cacheHits introspections answered from the cache since start
 * @param limited introspections refused because the call limits were reached, since start
 */
public record IntrospectionHealth(Optional<String> endpoint, Status status, Optional<Instant> lastSuccess,
                                  Optional<Instant> lastFailure, Optional<String> lastProblem,
                                  long calls, long failures, long cacheHits, long limited) {

    /** The overall state of an introspector. */
    public enum Status {
        /** The last call (or discovery) succeeded. */
        UP,
        /** Nothing asked yet (the introspector never touches the network when it is built). */
        NOT_CALLED,
        /** The last call or discovery failed: uncached tokens are answered 503 until the issuer is back. */
        DOWN
    }

    /** Whether the issuer answered last time it was asked (or has not been asked yet). */
    public boolean isUsable() {
        return status != Status.DOWN;
    }
}
