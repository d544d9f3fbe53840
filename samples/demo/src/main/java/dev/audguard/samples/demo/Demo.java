package dev.audguard.samples.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar samples/demo/target/demo.jar}: starts the reference issuer and the three
 * sample services on free loopback ports, runs {@link DemoFlow}, stops them all, and exits 0 when
 * every step behaved as described, 1 otherwise (2 when something could not even start).
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        int status;
        try {
            Path root = DemoEnvironment.findRoot(Path.of(""));
            Path logs = root.resolve("demo-logs");
            System.out.println("Starting the reference issuer and three services (logs in " + logs + ") ...");
            try (DemoEnvironment environment = DemoEnvironment.start(root, logs)) {
                List<DemoFlow.Step> steps = new DemoFlow(environment.issuer, environment.serviceB, environment.serviceC,
                        environment.goodService, System.out).run();
                status = steps.stream().allMatch(DemoFlow.Step::passed) ? 0 : 1;
            }
        } catch (IOException e) {
            System.err.println("demo: " + e.getMessage());
            status = 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 2;
        }
        System.exit(status);
    }
}
