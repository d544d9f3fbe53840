package dev.audguard.issuer;

import dev.audguard.issuer.internal.Faults;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure to inject into an endpoint: {@link #down()} (the connection drops without an answer),
 * {@link #slow(Duration)} (answers normally, late), {@link #status(int)} (an error status with a JSON
 * error body) or {@link #garbage()} (200 with a body that is not JSON). A fault stays until cleared,
 * or for the next {@link #times(int) n} requests.
 *
 * <p>Immutable and thread-safe.
 */
public final class Fault {

    private final Faults.Kind kind;
    private final Duration delay;
    private final int status;
    private final int times;

    private Fault(Faults.Kind kind, Duration delay, int status, int times) {
        this.kind = kind;
        this.delay = delay;
        this.status = status;
        this.times = times;
    }

    public static Fault down() {
        return new Fault(Faults.Kind.DOWN, Duration.ZERO, 0, -1);
    }

    public static Fault slow(Duration delay) {
        if (Objects.requireNonNull(delay, "delay").isNegative() || delay.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("delay must be between 0 and 10 minutes");
        }
        return new Fault(Faults.Kind.SLOW, delay, 0, -1);
    }

    /** @param status 200 to 599 */
    public static Fault status(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be 200 to 599");
        }
        return new Fault(Faults.Kind.STATUS, Duration.ZERO, status, -1);
    }

    public static Fault garbage() {
        return new Fault(Faults.Kind.GARBAGE, Duration.ZERO, 0, -1);
    }

    /** The same fault, for the next {@code n} requests only; then the endpoint recovers. */
    public Fault times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
        return new Fault(kind, delay, status, n);
    }

    Faults.Spec spec() {
        return new Faults.Spec(kind, delay, status, times);
    }

    @Override
    public String toString() {
        return "Fault[" + kind + (kind == Faults.Kind.SLOW ? " " + delay : "") + (kind == Faults.Kind.STATUS ? " " + status : "")
                + (times > 0 ? " x" + times : "") + "]";
    }
}
