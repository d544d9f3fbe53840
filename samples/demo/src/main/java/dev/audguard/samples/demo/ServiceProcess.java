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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service of the demo, run as {@code java -jar} in its own process with its output in a log
 * file. It is ready once it prints its {@code ... listening on http://HOST:PORT} line.
 *
 * <p>Not thread-safe; {@link #close()} stops the process (and waits for it).
 */
final class ServiceProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("listening on (http://\\S+)");

    private final String name;
    private final Process process;
    private final URI baseUri;
    private final Path log;

    private ServiceProcess(String name, Process process, URI baseUri, Path log) {
        this.name = name;
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
    }

    /**
     * Starts {@code jar} with {@code args} using this JVM's {@code java}, and waits until it says
     * where it listens.
     *
     * @throws IOException when it cannot start, exits, or does not get ready within {@code timeout}
     */
    static ServiceProcess start(String name, Path jar, List<String> args, Path logDirectory, Duration timeout)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(name + ": " + jar + " does not exist; build it first (mvn -B -ntp package -DskipTests)");
        }
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, ready), name + "-output");
        pump.setDaemon(true);
        pump.start();
        process.onExit().thenRun(() -> ready.completeExceptionally(
                new IOException(name + " exited with status " + process.exitValue() + " before it was ready; see " + log)));
        try {
            return new ServiceProcess(name, process, ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS), log);
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException(name + " was not ready within " + timeout.toSeconds() + " s; see " + log);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + name + " was starting");
        }
    }

    /** Copies the process's output to its log, spotting the ready line on the way. */
    private static void pump(Process process, Path log, CompletableFuture<URI> ready) {
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

    /** Where the service listens, without a trailing slash. */
    URI baseUri() {
        return baseUri;
    }

    Path log() {
        return log;
    }

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
}
