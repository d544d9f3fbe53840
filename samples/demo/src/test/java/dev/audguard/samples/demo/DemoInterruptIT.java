package dev.audguard.samples.demo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM at each step of the demo's start-up, sent as soon as the demo prints that the step began
 * (its output triggers the signal, no timing guesses): the demo stops, says so, and leaves no
 * process of its run behind. Every process of a run carries the run's marker on its command line,
 * which is how this test finds them.
 */
class DemoInterruptIT {
    @ParameterizedTest(name = "SIGTERM while starting {0}")
    @ValueSource(strings = {"reference-issuer", "service-c", "good-service", "service-b"})
    void sigtermDuringStartUpStopsEveryServiceAndStartsNoOther(String step) throws Exception {
        Path root = DemoEnvironment.findRoot(Path.of(""));
        String runId = UUID.randomUUID().toString();
        Path logs = Files.createDirectories(Path.of("target/demo-interrupt-logs", step));
        Path errors = logs.resolve("demo.err");
        Process demo = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Demo.class.getName(),
                "--run-id=" + runId, "--log-dir=" + logs.toAbsolutePath())
                .directory(root.toFile())
                .redirectError(errors.toFile())
                .start();
        List<String> printed = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                printed.add(line);
                if (line.equals("starting " + step + " ...")) {
                    demo.toHandle().destroy(); // SIGTERM, leaving our end of its output open
                    break;
                }
            }
            assertThat(printed).as("the demo's output").contains("starting " + step + " ...");
            while (out.readLine() != null) {
                // drain until the demo exits
            }
        } finally {
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }

        assertThat(demo.exitValue()).as("exit status after SIGTERM").isNotZero();
        String said = Files.readString(errors);
        assertThat(said).contains("demo: interrupted, stopping services").doesNotContain("null")
                .doesNotContain("before it was ready");
        assertThat(leftOver(runId)).as("processes of this run still alive").isEmpty();
    }

    /** Processes of the run still alive once they had a moment to finish exiting. */
    private static List<ProcessHandle> leftOver(String runId) throws InterruptedException {
        String marker = ServiceProcess.RUN_MARKER + runId;
        List<ProcessHandle> alive = new ArrayList<>();
        for (ProcessHandle process : ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList()) {
            try {
                process.onExit().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                if (process.isAlive()) {
                    alive.add(process);
                    process.destroyForcibly();
                }
            }
        }
        return alive;
    }
}
