package dev.audguard.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand: time passes only when {@link #advance(Duration)} is called, so no test
 * sleeps. Keeps the start instant's full precision. Always in UTC; {@code withZone} returns
 * the same clock, so code that re-zones it still sees the moves. Thread-safe.
 */
public final class MutableClock extends UtcClock {
    private static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    /** A clock standing at {@code start}. */
    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** A clock at a fixed, round instant (2026-01-01T00:00:00Z), for tests that mint their own tokens. */
    public static MutableClock atDefaultStart() {
        return new MutableClock(DEFAULT_START);
    }

    /** Starting at the real time, for tests whose tokens come from an issuer on the system clock. */
    public static MutableClock startingNow() {
        return new MutableClock(Instant.now());
    }

    /** Moves the clock by {@code duration} (negative moves it back). */
    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
