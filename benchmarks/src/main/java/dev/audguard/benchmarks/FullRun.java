package dev.audguard.benchmarks;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run profile of the request-path benchmarks whose figures {@code docs/performance.md} quotes:
 * 3 warm-up and 5 measured iterations of 2 s each, in 2 forks with a fixed 1 GiB heap. A benchmark
 * extends this class rather than repeating the annotations, because JMH has no meta-annotations
 * but reads {@code @Warmup}, {@code @Measurement} and {@code @Fork} from superclasses; an annotation
 * on the benchmark itself wins over the inherited one. Each benchmark keeps its own
 * {@code @BenchmarkMode}, {@code @OutputTimeUnit} and {@code @State}.
 *
 * <p>Holds no state.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
abstract class FullRun {
}
