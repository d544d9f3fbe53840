package dev.audguard.spring.internal;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What {@link ValidationListeners} and {@link ExchangeListeners} share: one listener standing for
 * several, calling each in order. The modules they come from isolate their callers from a listener
 * that throws, so nothing is caught here. Not API.
 *
 * <p>Immutable and thread-safe when the listeners are.
 *
 * @param <L> the listener type
 */
abstract class Listeners<L> {
    private final List<L> listeners;

    Listeners(List<L> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** {@code listeners} as one: the single listener itself when there is one, else {@code composite} of them. */
    static <L> L asOne(List<L> listeners, Function<List<L>, L> composite) {
        return listeners.size() == 1 ? listeners.get(0) : composite.apply(listeners);
    }

    /** Hands {@code event} to every listener, in order. */
    final void each(Consumer<? super L> event) {
        listeners.forEach(event);
    }
}
