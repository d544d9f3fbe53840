package dev.audguard.samples.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service of the demo, run as {@code java -jar} in its own process with its output in a log
 * file. It is ready once it prints its {@code ... listening on http://HOST:PORT} line.
 *
 * <p>Launching and waiting for readiness are two calls, so that whoever stops the demo can stop a
 * process that is still starting. {@link #close()} may run on another thread than the one waiting
 * in {@link #awaitReady}; everything else is single-threaded.
 */
final class ServiceProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("listening on (http://\\S+)");
    /** The JVM option that marks every process of one demo run, so a test can find them all. */
    // not under audguard.*: Spring Boot binds those from system properties and refuses unknown ones
    static final String RUN_MARKER = "-Ddemo-run-id=";

    private final String name;
    private final Process process;
    private final Path log;
    private final CompletableFuture<URI> ready = new CompletableFuture<>();
    private volatile URI baseUri;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code jar} with {@code args} using this JVM's {@code java}; does not wait for it.
     *
     * @param runId marks the process's command line ({@value #RUN_MARKER}{@code runId})
     * @throws IOException when the jar is missing or the process cannot start
     */
    static ServiceProcess launch(String name, Path jar, List<String> args, Path logDirectory, String runId)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(name + ": " + jar + " does not exist; build it first (mvn -B -ntp package -DskipTests)");
        }
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        command.add(RUN_MARKER + runId);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ServiceProcess service = new ServiceProcess(name, process, log);
        Thread pump = new Thread(service::pump, name + "-output");
        pump.setDaemon(true);
        pump.start();
        process.onExit().thenRun(() -> service.ready.completeExceptionally(new Exited(process.exitValue())));
        return service;
    }

    /**
     * Waits until the service says where it listens.
     *
     * @param stopping whether the demo is being stopped: a process that ends then was stopped, it did
     *     not fail
     * @throws Interrupted when the demo is stopping (or the service was killed by a signal)
     * @throws IOException when it exits or is not ready within {@code timeout}
     */
    URI awaitReady(Duration timeout, BooleanSupplier stopping) throws IOException {
        try {
            baseUri = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return baseUri;
        } catch (ExecutionException e) {
            close();
            if (stopping.getAsBoolean() || e.getCause() instanceof Exited exited && exited.bySignal()) {
                throw new Interrupted();
            }
            String why = e.getCause() instanceof Exited exited ? "exited with status " + exited.status
                    : "could not be read (" + e.getCause().getClass().getSimpleName() + ")";
            throw new IOException(name + " " + why + " before it was ready; see " + log);
        } catch (TimeoutException e) {
            close();
            throw new IOException(name + " was not ready within " + timeout.toSeconds() + " s; see " + log);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new Interrupted();
        }
    }

    /** Copies the process's output to its log, spotting the ready line on the way. */
    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                file.write(line);
                file.write('\n');
                file.flush();
                Matcher m = READY.matcher(line);
                if (!ready.isDone() && m.find()) {
                    ready.complete(URI.create(m.group(1)));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    String name() {
        return name;
    }

    /** Where the service listens, without a trailing slash; set once {@link #awaitReady} returned. */
    URI baseUri() {
        return baseUri;
    }

    Path log() {
        return log;
    }

    /** Stops the process and waits for it; safe to call again. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The demo is being stopped (SIGTERM, Ctrl-C): not a failure of the service. */
    static final class Interrupted extends IOException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super("interrupted, stopping services");
        }
    }

    /** The process ended; {@link #status} is its exit status. */
    private static final class Exited extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Exited(int status) {
            super(null, null, false, false);
            this.status = status;
        }

        /** 128 + SIGINT (Ctrl-C reaches the whole process group) or 128 + SIGTERM. */
        boolean bySignal() {
            return status == 130 || status == 143;
        }
    }
}
