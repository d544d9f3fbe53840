package dev.audguard.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} of the test's own, on a free loopback port, without persistence.
 * Where the binary is absent, the calling test is skipped with a notice naming the install command.
 */
public final class RedisServer implements AutoCloseable {
    public static final String INSTALL = "apt-get update && apt-get install -y redis-server";

    private final Path binary;
    private final int port;
    private Process process;

    private RedisServer(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    public static final String NOT_INSTALLED =
            "SKIPPED: redis-server is not installed, so the Redis store tests did not run; install it with: " + INSTALL;

    /** Starts a server, or {@code null} (with a notice on stderr) when {@code redis-server} is not installed. */
    public static RedisServer startIfInstalled() throws IOException, InterruptedException {
        Path binary = find();
        if (binary == null) {
            System.err.println(NOT_INSTALLED);
            return null;
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RedisServer server = new RedisServer(binary, port);
        server.startProcess();
        return server;
    }

    /** Skips the calling test, naming the install command, when {@code server} is {@code null}. */
    public static void assumeRunning(RedisServer server) {
        Assumptions.assumeTrue(server != null, NOT_INSTALLED);
    }

    public int port() {
        return port;
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Starts it again on the same port, empty. */
    public void restart() throws IOException, InterruptedException {
        startProcess();
    }

    private void startProcess() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "notice"))
                .redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.contains("Ready to accept connections")) {
                        ready.complete(null);
                    }
                }
                ready.completeExceptionally(new IOException("redis-server exited before it was ready"));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "redis-server-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("redis-server did not start on port " + port, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private static Path find() {
        // -Dredis.server=/path/to/redis-server picks another binary (a path that does not exist shows the skip)
        String configured = System.getProperty("redis.server");
        if (configured != null) {
            Path candidate = Path.of(configured);
            return Files.isExecutable(candidate) ? candidate : null;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
