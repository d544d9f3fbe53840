package dev.audguard.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a user's listener so that it cannot break what it observes: an exception it throws is
 * logged (its class only: a message might hold anything) and the event dropped. The safe listener
 * wrappers of every module delegate each event through {@link #guard}. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private Listeners() {
    }

    /** Runs {@code event}; a {@link RuntimeException} from it is logged at WARN naming {@code listenerType} and dropped. */
    public static void guard(Class<?> listenerType, Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            log.warn("A listener ({}) threw {}; the event was dropped", listenerType.getSimpleName(), e.getClass().getName());
        }
    }
}
