package dev.audguard.benchmarks;

import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.DpopVerifier;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.Signature;

/**
 * The operations of {@link DpopBenchmark} timed in thread CPU time instead of wall time: on a machine
 * shared with other builds, a wall-clock benchmark measures the scheduler as much as the code, while
 * CPU time counts only the cycles this thread spent. A complement to the JMH figures, not a
 * replacement (no fork isolation, no blackhole; each result is consumed into a checksum).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.audguard.benchmarks.DpopCpuCost}.
 */
public final class DpopCpuCost {
    private static final int WARM_UP_ROUNDS = 3;
    private static final int ROUNDS = 3;
    private static final int OPS = 500;

    private DpopCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        DpopBenchmark fixture = new DpopBenchmark();
        fixture.pool = OPS;
        fixture.setUp();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Signature jca = Signature.getInstance("SHA256withECDSA");
        jca.initVerify(fixture.issuerKey.toECPublicKey());
        long checksum = 0;
        String[] names = {"es256Verify", "validate", "dpopOnly", "validateWithDpop"};
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
            for (int op = 0; op < names.length; op++) {
                DpopVerifier verifier = fixture.newVerifier();
                long start = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < OPS; i++) {
                    checksum += switch (op) {
                        case 0 -> {
                            jca.update(fixture.signingInputs.get(i));
                            yield jca.verify(fixture.derSignatures.get(i)) ? 1 : 0;
                        }
                        case 1 -> fixture.validator.validate(fixture.tokens.get(i)).hashCode();
                        case 2 -> verifier.verify("GET", DpopBenchmark.PATH, fixture.proofs.get(i), fixture.tokens.get(i), fixture.jkt)
                                .hashCode();
                        default -> {
                            VerifiedToken token = fixture.validator.validate(fixture.tokens.get(i));
                            yield verifier.check(fixture.presented.get(i), token, "GET", DpopBenchmark.PATH, fixture.proofs.get(i))
                                    .orElseThrow().hashCode();
                        }
                    };
                }
                double microsPerOp = (cpu.getCurrentThreadCpuTime() - start) / 1000.0 / OPS;
                if (round >= WARM_UP_ROUNDS) {
                    best[op] = Math.min(best[op], microsPerOp);
                }
            }
        }
        System.out.printf("java %s, thread CPU time per operation, best of %d rounds of %d (checksum %d)%n",
                System.getProperty("java.version"), ROUNDS, OPS, checksum);
        for (int op = 0; op < names.length; op++) {
            System.out.printf("  %-18s %8.1f us%n", names[op], best[op]);
        }
        System.out.printf("  DPoP adds %.1f us to a validation: %.2f ES256 verifies%n",
                best[3] - best[1], (best[3] - best[1]) / best[0]);
    }
}
