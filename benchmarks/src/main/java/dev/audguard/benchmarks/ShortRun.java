package dev.audguard.benchmarks;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run profile of the benchmarks that set up a loopback issuer or key server and measure a
 * cached step: 3 warm-up and 5 measured iterations of 1 s each, in one fork with JMH's default
 * JVM options. As with {@link FullRun}, the benchmark extends this class because JMH has no
 * meta-annotations but reads these from superclasses, and keeps its own {@code @BenchmarkMode},
 * {@code @OutputTimeUnit} and {@code @State}.
 *
 * <p>Holds no state.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
abstract class ShortRun {
}
