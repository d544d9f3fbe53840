package dev.audguard.testsupport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-moved and the breakable clock. */
class ClocksTest {
    @Test
    void aMutableClockMovesOnlyWhenAdvancedAndKeepsItsZoneWhenReZoned() {
        MutableClock clock = MutableClock.atDefaultStart();
        Instant start = clock.instant();

        clock.advance(Duration.ofMillis(1500));

        assertThat(clock.instant()).isEqualTo(start.plusMillis(1500)).isEqualTo(Instant.parse("2026-01-01T00:00:01.500Z"));
        assertThat(clock.millis()).isEqualTo(clock.instant().toEpochMilli());
        assertThat(clock.withZone(ZoneId.of("Europe/Paris")).instant()).isEqualTo(clock.instant());
    }

    @Test
    void anArmedClockReadsItsDelegateUntilArmedThenThrowsOnEveryRead() {
        MutableClock delegate = MutableClock.atDefaultStart();
        ArmedClock clock = new ArmedClock(delegate);
        assertThat(clock.instant()).isEqualTo(delegate.instant());

        clock.arm();

        assertThatThrownBy(clock::instant).isInstanceOf(ArmedClock.Failure.class);
        assertThatThrownBy(clock::millis).isInstanceOf(ArmedClock.Failure.class);
    }
}
