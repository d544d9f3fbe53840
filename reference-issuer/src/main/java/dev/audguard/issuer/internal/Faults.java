package dev.audguard.issuer.internal;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Faults injected into a realm's endpoints. A fault with a count wears off after that many requests.
 *
 * <p>Thread-safe: all methods are synchronized.
 */
public final class Faults {

    public enum Target { JWKS, TOKEN, DISCOVERY, INTROSPECTION, USERINFO }

    public enum Kind { DOWN, SLOW, STATUS, GARBAGE }

    /** {@code remaining} below zero means until cleared. */
    public record Spec(Kind kind, Duration delay, int status, int remaining) {
    }

    private final Map<Target, Spec> active = new EnumMap<>(Target.class);

    public synchronized void set(Target target, Spec spec) {
        active.put(target, spec);
    }

    public synchronized void clear(Target target) {
        active.remove(target);
    }

    public synchronized void clear() {
        active.clear();
    }

    public synchronized Map<Target, Spec> snapshot() {
        return Map.copyOf(active);
    }

    /** The fault to apply to one request, counting it down. */
    public synchronized Optional<Spec> take(Target target) {
        Spec spec = active.get(target);
        if (spec == null) {
            return Optional.empty();
        }
        if (spec.remaining() > 0) {
            if (spec.remaining() == 1) {
                active.remove(target);
            } else {
                active.put(target, new Spec(spec.kind(), spec.delay(), spec.status(), spec.remaining() - 1));
            }
        }
        return Optional.of(spec);
    }
}
