package dev.audguard.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Many calls released together, for the single-flight and stampede tests: every call waits on one
 * latch, which opens once all are submitted; the results come back in submission order. Each result
 * is awaited for up to 60 seconds (generous on a loaded machine), never a sleep.
 * <pre>{@code
 * List<VerifiedToken> all = AllAtOnce.run(20, 50, i -> introspector.introspect("opaque-" + (i % 5), none));
 * }</pre>
 */
public final class AllAtOnce {
    private static final long WAIT_SECONDS = 60;

    private AllAtOnce() {
    }

    /**
     * Runs {@code call} for each index {@code 0..calls-1} on a pool of {@code threads}, all released
     * together, and returns the results in index order.
     *
     * @throws java.util.concurrent.ExecutionException what a call threw, wrapped
     * @throws java.util.concurrent.TimeoutException when a call does not finish in 60 seconds
     */
    public static <T> List<T> run(int threads, int calls, IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            return run(pool, calls, call);
        } finally {
            pool.shutdownNow();
        }
    }

    /** As {@link #run(int, int, IntFunction)}, on the caller's {@code pool} (left running). */
    public static <T> List<T> run(ExecutorService pool, int calls, IntFunction<T> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            int index = i;
            Callable<T> released = () -> {
                go.await();
                return call.apply(index);
            };
            futures.add(pool.submit(released));
        }
        go.countDown();
        List<T> results = new ArrayList<>(calls);
        for (Future<T> future : futures) {
            results.add(future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
        return results;
    }
}
