package dev.audguard.spring.internal;

import dev.audguard.core.Reason;
import dev.audguard.core.ValidationListener;
import dev.audguard.core.VerifiedToken;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One {@link ValidationListener} calling several, in order; sdk-core isolates the validator from
 * a listener that throws. Not API.
 *
 * <p>Immutable and thread-safe when the listeners are.
 */
public final class ValidationListeners extends Listeners<ValidationListener> implements ValidationListener {
    private ValidationListeners(List<ValidationListener> listeners) {
        super(listeners);
    }

    /** {@code listeners} as one; the single listener itself when there is one. */
    public static ValidationListener of(List<ValidationListener> listeners) {
        return asOne(listeners, ValidationListeners::new);
    }

    @Override
    public void onAccepted(VerifiedToken token, boolean fromCache) {
        each(l -> l.onAccepted(token, fromCache));
    }

    @Override
    public void onRejected(Reason reason) {
        each(l -> l.onRejected(reason));
    }

    @Override
    public void onKeysFetched(URI jwksUri, int usableKeys) {
        each(l -> l.onKeysFetched(jwksUri, usableKeys));
    }

    @Override
    public void onKeysFetchFailed(URI jwksUri, String problem) {
        each(l -> l.onKeysFetchFailed(jwksUri, problem));
    }

    @Override
    public void onStaleKeysServed(URI jwksUri, Duration staleFor) {
        each(l -> l.onStaleKeysServed(jwksUri, staleFor));
    }
}
