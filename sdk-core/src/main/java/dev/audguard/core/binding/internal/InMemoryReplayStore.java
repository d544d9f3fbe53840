package dev.audguard.core.binding.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.audguard.core.binding.ReplayStore;
import dev.audguard.core.binding.ReplayStoreException;
import dev.audguard.core.binding.ReplayStoreHealth;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A bounded in-memory {@link ReplayStore} on Caffeine, each entry living exactly its own time to live.
 *
 * <p>It has no maximum size in Caffeine's sense on purpose: Caffeine would evict live entries to make
 * room, and a forgotten {@code jti} is a replay accepted. The bound is enforced here instead: when the
 * store holds {@code capacity} entries after expired ones are cleaned up, a new key is refused with
 * {@link ReplayStoreException.Kind#FULL}. Concurrent writers can overshoot the bound by at most their
 * number. Thread-safe.
 */
public final class InMemoryReplayStore implements ReplayStore {
    private final long capacity;
    private final Cache<String, Long> entries;

    public InMemoryReplayStore(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay store capacity must be at least 1");
        }
        Objects.requireNonNull(clock, "clock");
        this.capacity = capacity;
        this.entries = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, Long>() {
                    @Override
                    public long expireAfterCreate(String key, Long ttlNanos, long currentTime) {
                        return ttlNanos;
                    }

                    @Override
                    public long expireAfterUpdate(String key, Long ttlNanos, long currentTime, long currentDuration) {
                        return currentDuration;
                    }

                    @Override
                    public long expireAfterRead(String key, Long ttlNanos, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public boolean rememberIfAbsent(String key, Duration timeToLive) {
        Objects.requireNonNull(key, "key");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("timeToLive must be positive");
        }
        if (entries.getIfPresent(key) != null) {
            return false;
        }
        if (entries.estimatedSize() >= capacity) {
            entries.cleanUp();
            if (entries.estimatedSize() >= capacity) {
                throw new ReplayStoreException(ReplayStoreException.Kind.FULL);
            }
        }
        return entries.asMap().putIfAbsent(key, timeToLive.toNanos()) == null;
    }

    /** Live entries, after expired ones are cleaned up. */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    @Override
    public ReplayStoreHealth health() {
        long size = size();
        boolean room = size < capacity;
        return new ReplayStoreHealth("in-memory", room, OptionalLong.of(size), OptionalLong.of(capacity),
                room ? "ok" : "full: new proofs are refused until entries expire");
    }

    @Override
    public String toString() {
        return "InMemoryReplayStore{capacity=" + capacity + '}';
    }
}
