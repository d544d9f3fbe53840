package dev.audguard.samples.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The reference issuer (built-in {@code demo} realm) and the three sample services, each started
 * from its jar in its own process on a free loopback port; {@link #close()} stops every one of them.
 *
 * <p>Thread-safe: a shutdown hook may close it while the demo runs.
 */
final class DemoEnvironment implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Deque<ServiceProcess> started = new ArrayDeque<>();
    // Ctrl-C skips finally blocks and try-with-resources; this still stops every process started.
    private final Thread cleanup = new Thread(this::close, "demo-cleanup");
    private final Path logDirectory;
    final URI issuer;
    final URI serviceB;
    final URI serviceC;
    final URI goodService;

    private DemoEnvironment(Path root, Path logDirectory) throws IOException {
        this.logDirectory = logDirectory;
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            ServiceProcess idp = start("reference-issuer", root.resolve("reference-issuer/target/reference-issuer.jar"),
                    List.of("--port=0"));
            issuer = URI.create(idp.baseUri() + "/realms/demo");
            serviceC = start("service-c", root.resolve("samples/service-c/target/service-c.jar"),
                    List.of("--port=0", "--issuer=" + issuer)).baseUri();
            goodService = start("good-service", root.resolve("samples/good-service/target/good-service.jar"),
                    List.of("--port=0", "--issuer=" + issuer)).baseUri();
            serviceB = start("service-b", root.resolve("samples/service-b/target/service-b.jar"),
                    List.of("--port=0", "--issuer=" + issuer, "--service-c-url=" + serviceC)).baseUri();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts everything from the jars under {@code root} (the repository), logging to {@code logDirectory}.
     *
     * @throws IOException when a jar is missing or a process does not start
     */
    static DemoEnvironment start(Path root, Path logDirectory) throws IOException {
        return new DemoEnvironment(root, logDirectory);
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

    private synchronized ServiceProcess start(String name, Path jar, List<String> args) throws IOException {
        ServiceProcess process = ServiceProcess.start(name, jar, args, logDirectory, STARTUP);
        started.push(process);
        return process;
    }

    Path logDirectory() {
        return logDirectory;
    }

    /** Stops every process started, newest first; safe to call again, and from a shutdown hook. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            started.pop().close();
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
