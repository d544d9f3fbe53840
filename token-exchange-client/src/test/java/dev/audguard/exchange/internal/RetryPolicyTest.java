package dev.audguard.exchange.internal;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5));

    @RepeatedTest(20)
    void backoffDoublesUpToTheCapWithEqualJitter() {
        assertThat(policy.backoff(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(policy.backoff(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(policy.backoff(3)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(policy.backoff(5)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(policy.backoff(50)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

        assertThat(RetryAfter.parse("7", clock)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 0 ", clock)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:01:00 GMT", clock)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", clock)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("-5", clock)).isNull();
        assertThat(RetryAfter.parse("soon", clock)).isNull();
        assertThat(RetryAfter.parse(null, clock)).isNull();
    }
}
