package dev.audguard.core.binding;

import dev.audguard.core.binding.internal.InMemoryReplayStore;

import java.time.Clock;
import java.time.Duration;

/**
 * Remembers single-use values (a DPoP proof's {@code jti}, keyed with its key's thumbprint) for as
 * long as a replay could still be accepted: set-if-absent with a time to live.
 *
 * <p>Implementations must fail closed: when they cannot tell whether a key was seen (a remote store
 * is unreachable or times out) they throw {@link ReplayStoreException} with
 * {@link ReplayStoreException.Kind#UNAVAILABLE}, and when they are full of live entries they throw
 * {@link ReplayStoreException.Kind#FULL} rather than forget one. They must never answer
 * {@code true} for a key they cannot promise to remember until its time to live ends.
 *
 * <p>{@link #inMemory(int)} is right for one instance. Several instances behind one load balancer
 * must share a store (a proof replayed to another instance is otherwise accepted there): see the
 * {@code replay-store-redis} module.
 *
 * <p>Implementations are thread-safe.
 */
public interface ReplayStore {
    /** The default capacity of {@link #inMemory(int)} when the verifier creates one. */
    int DEFAULT_CAPACITY = 100_000;

    /**
     * Remembers {@code key} for {@code timeToLive} unless it is already remembered.
     *
     * @param key at most 128 printable ASCII characters (the verifier passes a SHA-256 in hex)
     * @param timeToLive positive
     * @return {@code true} when the key was not known (the value is fresh), {@code false} for a replay
     * @throws ReplayStoreException when the answer cannot be given; the caller must then refuse
     */
    boolean rememberIfAbsent(String key, Duration timeToLive);

    /** The store's state, for health endpoints; never throws. */
    ReplayStoreHealth health();

    /**
     * A bounded in-memory store for one instance, on the system clock.
     *
     * @param capacity how many live entries it holds; when full it refuses new ones ({@code FULL})
     *     and never evicts an entry before its time to live ends
     */
    static ReplayStore inMemory(int capacity) {
        return new InMemoryReplayStore(capacity, Clock.systemUTC());
    }

    /** As {@link #inMemory(int)}, with entries expiring by {@code clock} (tests advance a fake clock). */
    static ReplayStore inMemory(int capacity, Clock clock) {
        return new InMemoryReplayStore(capacity, clock);
    }
}
