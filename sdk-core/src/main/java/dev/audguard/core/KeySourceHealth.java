package dev.audguard.core;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one key source of a {@link TokenValidator}, for health endpoints (Spring Actuator,
 * a readiness probe).
 *
 * <p>Immutable and thread-safe.
 *
 * @param source the JWKS URI or the discovery document URL, without user info, query or fragment (a key a
 *     gateway wants in the URL stays out of health reports), or {@code "static"} for configured keys
 * @param status the overall verdict
 * @param keyCount usable keys currently held
 * @param lastSuccess when keys were last fetched successfully
 * @param lastFailure when a fetch last failed
 * @param lastProblem fixed wording describing the last failure (never a response body)
 * @param keysExpireAt when the held keys reach the end of their cache lifetime
 */
public record KeySourceHealth(String source, Status status, int keyCount, Optional<Instant> lastSuccess,
                              Optional<Instant> lastFailure, Optional<String> lastProblem,
                              Optional<Instant> keysExpireAt) {

    /** The overall state of a key source. */
    public enum Status {
        /** Keys are held and within their cache lifetime. */
        UP,
        /** Nothing fetched yet (the validator never touches the network when it is built). */
        NOT_FETCHED,
        /** Keys are held past their lifetime because refreshing failed; validations still pass. */
        STALE,
        /** No usable keys: validations fail with {@link Reason#KEYS_UNAVAILABLE}. */
        DOWN
    }

    /** Whether validations can currently succeed with this source. */
    public boolean isUsable() {
        return status == Status.UP || status == Status.STALE;
    }
}
