package dev.audguard.samples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * The reference issuer (built-in {@code demo} realm) and the three sample services, each started
 * from its jar in its own process on a free loopback port; {@link #close()} stops every one of them.
 *
 * <p>Each start prints one line ({@code starting NAME ...}) before the process is launched. Once
 * stopping has begun (a shutdown hook on SIGTERM or Ctrl-C, or {@link #close()}), nothing new is
 * started: a start still waiting for readiness ends with {@link ServiceProcess.Interrupted}
 * ("interrupted, stopping services"), and the process it launched is stopped with the others.
 *
 * <p>Thread-safe: a shutdown hook may close it while the demo is still starting services.
 */
final class DemoEnvironment implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Object lock = new Object();
    private final Deque<ServiceProcess> started = new ArrayDeque<>();
    private boolean stopping;
    // Ctrl-C skips finally blocks and try-with-resources; this still stops every process started.
    private final Thread cleanup = new Thread(this::close, "demo-cleanup");
    private final Path logDirectory;
    private final PrintStream out;
    private final String runId;
    private final Runnable onSignal;
    final URI issuer;
    final URI serviceB;
    final URI serviceC;
    final URI goodService;

    private DemoEnvironment(Path root, Path logDirectory, PrintStream out, String runId, Runnable onSignal)
            throws IOException {
        this.logDirectory = logDirectory;
        this.out = out;
        this.runId = runId;
        this.onSignal = onSignal;
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            URI idp = start("reference-issuer", root.resolve("reference-issuer/target/reference-issuer.jar"),
                    List.of("--port=0"));
            issuer = URI.create(idp + "/realms/demo");
            serviceC = start("service-c", root.resolve("samples/service-c/target/service-c.jar"),
                    List.of("--port=0", "--issuer=" + issuer));
            goodService = start("good-service", root.resolve("samples/good-service/target/good-service.jar"),
                    List.of("--port=0", "--issuer=" + issuer));
            serviceB = start("service-b", root.resolve("samples/service-b/target/service-b.jar"),
                    List.of("--port=0", "--issuer=" + issuer, "--service-c-url=" + serviceC));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts everything from the jars under {@code root} (the repository), logging each process to
     * {@code logDirectory} and each step to {@code out}.
     *
     * @param runId marks every process started (see {@link ServiceProcess#RUN_MARKER})
     * @param onSignal runs when a signal (SIGTERM, Ctrl-C) stops the demo, before the services are stopped
     * @throws ServiceProcess.Interrupted when the demo was stopped while starting
     * @throws IOException when a jar is missing or a process does not start
     */
    static DemoEnvironment start(Path root, Path logDirectory, PrintStream out, String runId, Runnable onSignal)
            throws IOException {
        return new DemoEnvironment(root, logDirectory, out, runId, onSignal);
    }

    /** {@link #start(Path, Path, PrintStream, String, Runnable)} with a fresh run id and nothing to say on a signal. */
    static DemoEnvironment start(Path root, Path logDirectory, PrintStream out) throws IOException {
        return start(root, logDirectory, out, UUID.randomUUID().toString(), () -> { });
    }

    /** The repository root: the nearest directory above {@code from} holding {@code reference-issuer/} and {@code samples/}. */
    static Path findRoot(Path from) throws IOException {
        for (Path dir = from.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("reference-issuer")) && Files.isDirectory(dir.resolve("samples"))) {
                return dir;
            }
        }
        throw new IOException("cannot find the audguard repository above " + from.toAbsolutePath());
    }

    private URI start(String name, Path jar, List<String> args) throws IOException {
        ServiceProcess process;
        synchronized (lock) {
            if (stopping) {
                throw new ServiceProcess.Interrupted();
            }
            out.println("starting " + name + " ...");
            process = ServiceProcess.launch(name, jar, args, logDirectory, runId);
            started.push(process);
        }
        // outside the lock: a shutdown hook must be able to stop the process while it starts
        return process.awaitReady(STARTUP, this::isStopping);
    }

    private boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    Path logDirectory() {
        return logDirectory;
    }

    /** Stops every process started, newest first; nothing starts afterwards. Safe to call again, and from a shutdown hook. */
    @Override
    public void close() {
        if (Thread.currentThread() == cleanup) {
            onSignal.run();
        }
        synchronized (lock) {
            stopping = true;
            while (!started.isEmpty()) {
                started.pop().close();
            }
        }
        if (Thread.currentThread() != cleanup) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs (or ran) and finds nothing left to stop
            }
        }
    }
}
