package dev.audguard.core.binding;

import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryReplayStoreTest {
    final MutableClock clock = MutableClock.atDefaultStart();

    @Test
    void rememberIfAbsentWhenKeySeenThenAnswersFalse() {
        ReplayStore store = ReplayStore.inMemory(10, clock);
        assertThat(store.rememberIfAbsent("a", Duration.ofSeconds(60))).isTrue();
        assertThat(store.rememberIfAbsent("a", Duration.ofSeconds(60))).isFalse();
        assertThat(store.rememberIfAbsent("b", Duration.ofSeconds(60))).isTrue();
    }

    @Test
    void rememberIfAbsentForgetsAKeyOnlyAfterItsTimeToLive() {
        ReplayStore store = ReplayStore.inMemory(10, clock);
        store.rememberIfAbsent("a", Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(59));
        assertThat(store.rememberIfAbsent("a", Duration.ofSeconds(60))).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.rememberIfAbsent("a", Duration.ofSeconds(60))).isTrue();
    }

    @Test
    void rememberIfAbsentWhenFullThenRefusesAndNeverEvictsALiveEntry() {
        ReplayStore store = ReplayStore.inMemory(3, clock);
        for (String key : new String[] {"a", "b", "c"}) {
            store.rememberIfAbsent(key, Duration.ofSeconds(60));
        }

        assertThatThrownBy(() -> store.rememberIfAbsent("d", Duration.ofSeconds(60)))
                .isInstanceOfSatisfying(ReplayStoreException.class, e -> assertThat(e.kind()).isEqualTo(ReplayStoreException.Kind.FULL));
        for (String key : new String[] {"a", "b", "c"}) {
            assertThat(store.rememberIfAbsent(key, Duration.ofSeconds(60))).as(key).isFalse();
        }
        assertThat(store.health().up()).isFalse();
        assertThat(store.health().entries()).hasValue(3);
        assertThat(store.health().capacity()).hasValue(3);
    }

    @Test
    void rememberIfAbsentWhenEntriesExpiredThenHasRoomAgain() {
        ReplayStore store = ReplayStore.inMemory(2, clock);
        store.rememberIfAbsent("a", Duration.ofSeconds(10));
        store.rememberIfAbsent("b", Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(11));

        assertThat(store.rememberIfAbsent("c", Duration.ofSeconds(60))).isTrue();
        assertThat(store.rememberIfAbsent("b", Duration.ofSeconds(60))).isFalse();
        assertThat(store.health().detail()).startsWith("full");
    }

    @Test
    void concurrentRemembersOfOneKeyAcceptExactlyOne() throws Exception {
        ReplayStore store = ReplayStore.inMemory(1000, clock);
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                String key = "k" + round;
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        go.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        return store.rememberIfAbsent(key, Duration.ofSeconds(60));
                    }));
                }
                go.countDown();
                int fresh = 0;
                for (java.util.concurrent.Future<Boolean> result : results) {
                    fresh += result.get(10, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(fresh).as(key).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inMemoryRefusesAZeroCapacityAndTimeToLive() {
        assertThatThrownBy(() -> ReplayStore.inMemory(0, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReplayStore.inMemory(1, clock).rememberIfAbsent("a", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
