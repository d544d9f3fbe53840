package dev.audguard.fuzz;

import java.lang.management.ManagementFactory;

/**
 * The per-input budget every target is held to: one input may take at most {@value #MAX_MILLIS} ms
 * of CPU and allocate at most {@value #MAX_MEBIBYTES} MiB on the fuzzing thread, and must finish
 * within {@value #MAX_WALL_MILLIS} ms of wall-clock time. Over any of them is a finding.
 *
 * <p>CPU time, not wall-clock time, is held to 100 ms: campaigns run under {@code nice -n 15} on a
 * machine shared with other builds, where a 2 ms input can wait 130 ms for a core (the first
 * campaign reported exactly that). The wall-clock bound still catches an input that hangs (an HTTP
 * exchange that waits for its timeout, a lock), whose work is on other threads. An input over a
 * bound is run again, up to three times, and is a finding only when every run was over; the first
 * run of an input in a fresh JVM also pays for loading (and instrumenting) classes. Allocation on
 * other threads (an HTTP client's selector, a server thread) is not counted.
 *
 * <p>Not thread-safe: call it from the fuzzing thread.
 */
final class Budget {
    static final long MAX_MILLIS = 100;
    static final long MAX_WALL_MILLIS = 1000;
    static final long MAX_WALL_MILLIS_OVER_HTTP = 10_000;
    static final long MAX_MEBIBYTES = 64;
    private static final long MAX_CPU_NANOS = MAX_MILLIS * 1_000_000;
    private static final long MAX_BYTES = MAX_MEBIBYTES * 1024 * 1024;
    private static final int ATTEMPTS = 3;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Budget() {
    }

    /** Runs {@code oneInput} (which asserts its own properties) within the budget, or fails. */
    static void run(String target, Runnable oneInput) {
        run(target, MAX_WALL_MILLIS, oneInput);
    }

    /**
     * As {@link #run(String, Runnable)}, with another wall-clock bound: the HTTP targets wait on a
     * loopback server and an HTTP client whose threads a loaded machine can starve for seconds, so
     * they are held to {@value #MAX_WALL_MILLIS_OVER_HTTP} ms, well past their 2 s request deadline:
     * only a deadline that does not work goes over it.
     */
    static void run(String target, long maxWallMillis, Runnable oneInput) {
        long maxWallNanos = maxWallMillis * 1_000_000;
        long bestCpu = Long.MAX_VALUE;
        long bestWall = Long.MAX_VALUE;
        long bestAllocation = Long.MAX_VALUE;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
            long cpuBefore = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            oneInput.run();
            bestWall = Math.min(bestWall, System.nanoTime() - start);
            bestCpu = Math.min(bestCpu, THREADS.getCurrentThreadCpuTime() - cpuBefore);
            bestAllocation = Math.min(bestAllocation, THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore);
            if (bestCpu <= MAX_CPU_NANOS && bestWall <= maxWallNanos && bestAllocation <= MAX_BYTES) {
                return;
            }
        }
        if (bestAllocation > MAX_BYTES) {
            throw new AssertionError(target + ": one input allocated " + bestAllocation / (1024 * 1024)
                    + " MiB in each of " + ATTEMPTS + " runs (budget " + MAX_MEBIBYTES + " MiB)");
        }
        if (bestCpu > MAX_CPU_NANOS) {
            throw new AssertionError(target + ": one input took " + bestCpu / 1_000_000 + " ms of CPU in each of "
                    + ATTEMPTS + " runs (budget " + MAX_MILLIS + " ms)");
        }
        throw new AssertionError(target + ": one input took " + bestWall / 1_000_000 + " ms in each of " + ATTEMPTS
                + " runs (budget " + maxWallMillis + " ms of wall-clock time)");
    }
}
