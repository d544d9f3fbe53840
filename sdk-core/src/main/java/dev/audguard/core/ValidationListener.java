package dev.audguard.core;

import java.net.URI;
import java.time.Duration;

/**
 * Receives what a {@link TokenValidator} does, so an adapter can bridge to metrics (Micrometer) or
 * audit logs without sdk-core depending on them.
 *
 * <p>Every method has an empty default. Methods are called on the thread that caused the event
 * (request threads for validations, a background thread for refreshes); they must be fast and
 * thread-safe. An exception thrown by a listener is logged and otherwise ignored: it never changes a
 * verdict. No event carries a raw token.
 */
public interface ValidationListener {

    /** A token was accepted; {@code fromCache} when the verdict came from the verified-token cache. */
    default void onAccepted(VerifiedToken token, boolean fromCache) {
    }

    /**
     * A token was refused (or could not be checked) for {@code reason}. A {@link ProtectedResource}
     * given this listener also reports here the refusals it decides itself, never those the
     * validator reported already: {@link Reason#INVALID_REQUEST}, {@link Reason#INVALID_PATH},
     * {@link Reason#INSUFFICIENT_ROLE}, {@link Reason#ACCESS_DENIED} and
     * {@link Reason#INTERNAL_ERROR} (an unexpected exception, counted apart from
     * {@link Reason#KEYS_UNAVAILABLE} so that a bug does not look like an issuer outage).
     */
    default void onRejected(Reason reason) {
    }

    /** A key set was fetched from {@code jwksUri} and holds {@code usableKeys} keys. */
    default void onKeysFetched(URI jwksUri, int usableKeys) {
    }

    /** Fetching {@code jwksUri} failed; {@code problem} is fixed wording such as {@code "HTTP 500"} or {@code "timeout"}. */
    default void onKeysFetchFailed(URI jwksUri, String problem) {
    }

    /** A validation used keys from {@code jwksUri} that are {@code staleFor} past their cache lifetime because refreshing failed. */
    default void onStaleKeysServed(URI jwksUri, Duration staleFor) {
    }

    /** A listener that ignores everything. */
    static ValidationListener none() {
        return NoopListener.INSTANCE;
    }
}

/** The shared do-nothing listener. */
enum NoopListener implements ValidationListener {
    INSTANCE
}
