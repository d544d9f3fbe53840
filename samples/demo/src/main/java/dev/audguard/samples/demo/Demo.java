package dev.audguard.samples.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar samples/demo/target/demo.jar [--run-id=ID] [--log-dir=DIR]}: starts the reference issuer and
 * the three sample services on free loopback ports, runs {@link DemoFlow}, stops them all, and
 * exits 0 when every step behaved as described, 1 otherwise (2 when something could not even
 * start). SIGTERM or Ctrl-C at any point stops every service started and starts no other; the demo
 * then says "interrupted, stopping services".
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        String runId = UUID.randomUUID().toString();
        String logDir = null;
        for (String arg : args) {
            if (arg.startsWith("--run-id=")) {
                runId = arg.substring("--run-id=".length());
            } else if (arg.startsWith("--log-dir=")) {
                logDir = arg.substring("--log-dir=".length());
            } else {
                System.err.println("usage: demo [--run-id=ID] [--log-dir=DIR]");
                System.exit(2);
            }
        }
        AtomicBoolean announced = new AtomicBoolean();
        Runnable interrupted = () -> {
            if (announced.compareAndSet(false, true)) {
                System.err.println("demo: interrupted, stopping services");
            }
        };
        int status;
        try {
            Path root = DemoEnvironment.findRoot(Path.of(""));
            Path logs = logDir == null ? root.resolve("demo-logs") : Path.of(logDir);
            System.out.println("Starting the reference issuer and three services (logs in " + logs + ") ...");
            try (DemoEnvironment environment = DemoEnvironment.start(root, logs, System.out, runId, interrupted)) {
                List<DemoFlow.Step> steps = new DemoFlow(environment.issuer, environment.serviceB, environment.serviceC,
                        environment.goodService, System.out).run();
                status = steps.stream().allMatch(DemoFlow.Step::passed) ? 0 : 1;
            }
        } catch (ServiceProcess.Interrupted e) {
            interrupted.run();
            status = 130;
        } catch (IOException e) {
            System.err.println("demo: " + e.getMessage());
            status = 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted.run();
            status = 130;
        }
        System.exit(status);
    }
}
