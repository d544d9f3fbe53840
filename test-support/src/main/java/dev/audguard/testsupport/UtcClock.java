package dev.audguard.testsupport;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** What the test clocks share: always UTC, and re-zoning returns the same clock so that moves stay seen. */
abstract class UtcClock extends Clock {
    @Override
    public final ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public final Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public final long millis() {
        return instant().toEpochMilli();
    }
}
