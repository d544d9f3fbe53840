package dev.audguard.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The one deadline rule of the verdict cache and the exchange cache, on a real Caffeine cache and a fake clock. */
class ExpiriesTest {
    private final MutableClock clock = MutableClock.atDefaultStart();
    /** Values are their own deadline, in epoch milliseconds. */
    private final Cache<String, Long> cache = Caffeine.newBuilder().ticker(Tickers.of(clock)).executor(Runnable::run)
            .expireAfter(Expiries.<String, Long>untilDeadline(clock, Long::longValue)).build();

    private long in(Duration d) {
        return clock.millis() + d.toMillis();
    }

    @Test
    void anEntryLivesUntilItsDeadlineAndNotAMillisecondLonger() {
        cache.put("k", in(Duration.ofMinutes(5)));

        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(cache.getIfPresent("k")).isNotNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.getIfPresent("k")).isNull();
    }

    @Test
    void aPassedDeadlineOrNeverIsNotCachedAtAll() {
        cache.put("past", in(Duration.ofSeconds(-1)));
        cache.put("now", clock.millis());
        cache.put("never", Long.MIN_VALUE);

        assertThat(cache.getIfPresent("past")).isNull();
        assertThat(cache.getIfPresent("now")).isNull();
        assertThat(cache.getIfPresent("never")).isNull();
    }

    @Test
    void noEntryOutlivesAYearWhateverItsDeadline() {
        cache.put("no exp", Long.MAX_VALUE);

        clock.advance(Duration.ofDays(365).minusMillis(1));
        assertThat(cache.getIfPresent("no exp")).isNotNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.getIfPresent("no exp")).isNull();
    }

    @Test
    void anUpdateTakesTheNewDeadlineAndAReadChangesNothing() {
        cache.put("k", in(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(1));
        cache.put("k", in(Duration.ofMinutes(1)));

        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.getIfPresent("k")).isNotNull();   // a read must not extend the life
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.getIfPresent("k")).isNull();
    }

    @Test
    void timeLeftNeverWrapsRound() {
        assertThat(Expiries.timeLeft(1_000, Long.MIN_VALUE)).isEqualTo(Duration.ZERO);
        assertThat(Expiries.timeLeft(1_000, Long.MAX_VALUE)).isEqualTo(Duration.ofDays(365));
        assertThat(Expiries.timeLeft(1_000, 1_001)).isEqualTo(Duration.ofMillis(1));
    }
}
