package dev.audguard.issuer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The one clock everything a {@link ReferenceIssuer} does reads: token {@code iat}/{@code exp},
 * expiry checks of tokens it verifies (refresh, exchange, introspection, userinfo), authorization
 * codes, SSO sessions and their idle and maximum lifespans, client-assertion replay windows, and the
 * {@link TokenMinter}. Tests move it instead of sleeping:
 *
 * <pre>{@code
 * issuer.clock().advance(Duration.ofMinutes(31));   // the refresh token's idle timeout has passed
 * issuer.clock().freeze();                          // time stands still until advanced or resumed
 * }</pre>
 *
 * <p>It runs on from a base clock (the builder's {@link ReferenceIssuer.Builder#clock(Clock)}, else
 * the system UTC clock) shifted by every {@link #advance(Duration)}. Services under test keep their
 * own clocks: a token made to expire by advancing this clock is expired for the issuer, and for a
 * service only once the service's clock agrees (pass it the same instant, or use
 * {@code ReferenceIssuer#clock()} as the service's clock too). The same is reachable over HTTP at
 * {@code {issuer}/testing/clock} (for the whole issuer, not one realm).
 *
 * <p>Thread-safe.
 */
public final class IssuerClock extends Clock {

    private final Clock base;
    private Duration offset = Duration.ZERO;
    private Instant frozenAt;

    IssuerClock(Clock base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    @Override
    public synchronized Instant instant() {
        return frozenAt != null ? frozenAt : base.instant().plus(offset);
    }

    /** Moves the issuer's time by {@code by} (negative moves it back); a frozen clock stays frozen at the new time. */
    public synchronized IssuerClock advance(Duration by) {
        Objects.requireNonNull(by, "by");
        if (frozenAt != null) {
            frozenAt = frozenAt.plus(by);
        } else {
            offset = offset.plus(by);
        }
        return this;
    }

    /** Stops time at the current instant until {@link #advance(Duration)} moves it or {@link #resume()}. */
    public synchronized IssuerClock freeze() {
        if (frozenAt == null) {
            frozenAt = instant();
        }
        return this;
    }

    /** Lets time run on from where it stands (a frozen instant stays the starting point). */
    public synchronized IssuerClock resume() {
        if (frozenAt != null) {
            offset = Duration.between(base.instant(), frozenAt);
            frozenAt = null;
        }
        return this;
    }

    /** Back to the base clock: no offset, not frozen. The JUnit extension does this after each test. */
    public synchronized IssuerClock reset() {
        offset = Duration.ZERO;
        frozenAt = null;
        return this;
    }

    public synchronized boolean frozen() {
        return frozenAt != null;
    }

    /** How far {@link #advance(Duration)} and {@link #freeze()} have moved this clock from its base, right now. */
    public synchronized Duration offset() {
        return Duration.between(base.instant(), instant());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The zone plays no part in what the issuer does: the same clock, UTC. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public String toString() {
        return "IssuerClock[" + instant() + (frozen() ? ", frozen" : "") + "]";
    }
}
