package dev.audguard.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Each benchmark thread walks a pool of {@link #POOL} tokens in turn, as tokens of many users
 * arrive at a service: the validation and introspection benchmarks share it so that their
 * numbers are taken over the same pool. One per thread, so not thread-safe and needing no lock.
 */
@State(Scope.Thread)
public class PoolCursor {
    /** How many distinct tokens a benchmark's {@link Fixture} holds. */
    static final int POOL = 1_000;

    int next;

    /** The next pool index, wrapping at {@link #POOL}. */
    int advance() {
        int i = next;
        next = i + 1 == POOL ? 0 : i + 1;
        return i;
    }
}
