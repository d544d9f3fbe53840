package dev.audguard.core.internal;

import dev.audguard.core.Reason;
import dev.audguard.core.ValidationListener;
import dev.audguard.core.VerifiedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;

/**
 * Shields validation from a listener that throws: the exception is logged, the verdict stands.
 * Not API.
 *
 * <p>Thread-safe when the wrapped listener is.
 */
public final class SafeListener implements ValidationListener {
    private static final Logger log = LoggerFactory.getLogger(SafeListener.class);

    private final ValidationListener delegate;

    public SafeListener(ValidationListener delegate) {
        this.delegate = delegate;
    }

    private void failed(RuntimeException e) {
        log.warn("A ValidationListener threw {}; the event was dropped", e.getClass().getName());
    }

    @Override
    public void onAccepted(VerifiedToken token, boolean fromCache) {
        try {
            delegate.onAccepted(token, fromCache);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void onRejected(Reason reason) {
        try {
            delegate.onRejected(reason);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void onKeysFetched(URI jwksUri, int usableKeys) {
        try {
            delegate.onKeysFetched(jwksUri, usableKeys);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void onKeysFetchFailed(URI jwksUri, String problem) {
        try {
            delegate.onKeysFetchFailed(jwksUri, problem);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void onStaleKeysServed(URI jwksUri, Duration staleFor) {
        try {
            delegate.onStaleKeysServed(jwksUri, staleFor);
        } catch (RuntimeException e) {
            failed(e);
        }
    }
}
