package dev.audguard.fuzz;

import java.lang.management.ManagementFactory;

/**
 * The per-input budget every target is held to: one input may take at most {@value #MAX_MILLIS} ms
 * and allocate at most {@value #MAX_MEBIBYTES} MiB on the fuzzing thread. Over either is a finding.
 *
 * <p>Time on this shared machine is noisy (a GC pause, another build on the same cores, the first
 * run of a class), so an input over the time limit is run again, up to three times, and is a
 * finding only when every run was over. Allocation is judged the same way: the first run of an
 * input in a fresh JVM also pays for loading (and instrumenting) classes. Allocation on other threads (an HTTP client's selector, a server thread) is not counted.
 *
 * <p>Not thread-safe: call it from the fuzzing thread.
 */
final class Budget {
    static final long MAX_MILLIS = 100;
    static final long MAX_MEBIBYTES = 64;
    private static final long MAX_NANOS = MAX_MILLIS * 1_000_000;
    private static final long MAX_BYTES = MAX_MEBIBYTES * 1024 * 1024;
    private static final int ATTEMPTS = 3;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Budget() {
    }

    /** Runs {@code oneInput} (which asserts its own properties) within the budget, or fails. */
    static void run(String target, Runnable oneInput) {
        long bestTime = Long.MAX_VALUE;
        long bestAllocation = Long.MAX_VALUE;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            oneInput.run();
            long took = System.nanoTime() - start;
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
            bestTime = Math.min(bestTime, took);
            bestAllocation = Math.min(bestAllocation, allocated);
            if (bestTime <= MAX_NANOS && bestAllocation <= MAX_BYTES) {
                return;
            }
        }
        if (bestAllocation > MAX_BYTES) {
            throw new AssertionError(target + ": one input allocated " + bestAllocation / (1024 * 1024)
                    + " MiB in each of " + ATTEMPTS + " runs (budget " + MAX_MEBIBYTES + " MiB)");
        }
        throw new AssertionError(target + ": one input took " + bestTime / 1_000_000 + " ms in each of " + ATTEMPTS
                + " runs (budget " + MAX_MILLIS + " ms)");
    }
}
