package dev.audguard.core.internal;

import dev.audguard.core.Reason;
import dev.audguard.core.ValidationListener;
import dev.audguard.core.VerifiedToken;

import java.net.URI;
import java.time.Duration;

/**
 * Shields validation from a listener that throws: the exception is logged, the verdict stands
 * (the {@link Listeners} rule, as for every module's listeners). Not API.
 *
 * <p>Thread-safe when the wrapped listener is.
 */
public record SafeListener(ValidationListener delegate) implements ValidationListener {
    @Override
    public void onAccepted(VerifiedToken token, boolean fromCache) {
        Listeners.guard(ValidationListener.class, () -> delegate.onAccepted(token, fromCache));
    }

    @Override
    public void onRejected(Reason reason) {
        Listeners.guard(ValidationListener.class, () -> delegate.onRejected(reason));
    }

    @Override
    public void onKeysFetched(URI jwksUri, int usableKeys) {
        Listeners.guard(ValidationListener.class, () -> delegate.onKeysFetched(jwksUri, usableKeys));
    }

    @Override
    public void onKeysFetchFailed(URI jwksUri, String problem) {
        Listeners.guard(ValidationListener.class, () -> delegate.onKeysFetchFailed(jwksUri, problem));
    }

    @Override
    public void onStaleKeysServed(URI jwksUri, Duration staleFor) {
        Listeners.guard(ValidationListener.class, () -> delegate.onStaleKeysServed(jwksUri, staleFor));
    }
}
