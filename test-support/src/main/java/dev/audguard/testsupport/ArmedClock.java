package dev.audguard.testsupport;

import java.time.Clock;
import java.time.Instant;

/**
 * A clock that reads another until {@link #arm()} is called, then throws {@link Failure} on every
 * read: an unexpected failure deep inside a real validator, to test what the code around it answers
 * and logs. Always in UTC. Thread-safe.
 */
public final class ArmedClock extends UtcClock {
    /** What an armed clock throws; its message must never reach a log or an answer. */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure() {
            super("clock exploded");
        }
    }

    private final Clock delegate;
    private volatile boolean armed;

    /** A clock reading {@code delegate} until armed. */
    public ArmedClock(Clock delegate) {
        this.delegate = delegate;
    }

    /** From now on every read throws {@link Failure}. */
    public void arm() {
        armed = true;
    }

    @Override
    public Instant instant() {
        if (armed) {
            throw new Failure();
        }
        return delegate.instant();
    }
}
