package dev.audguard.testsupport;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests' logging backend (slf4j-simple, which writes every line to standard error) logged.
 * Either registered per test, capturing from before each test to after it:
 * <pre>{@code
 * @RegisterExtension
 * final CapturedLog log = new CapturedLog();
 * ...
 * assertThat(log.text()).contains("Request refused: audience_mismatch");
 * log.assertNeverShows(List.of(token));
 * }</pre>
 * or around one piece of code, with {@link #during(Runnable)} or {@link #around(Callable)}. Standard error is swapped for the
 * whole JVM, so a test capturing it must not run in parallel with another that does. Not thread-safe
 * to register; {@link #text()} may be read while other threads log.
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback {
    private ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    /** A capture to register with {@code @RegisterExtension} on an instance field. */
    public CapturedLog() {
    }

    /** Everything written to standard error while {@code run} ran (standard error is restored after). */
    public static String during(Runnable run) {
        CapturedLog log = new CapturedLog();
        log.start();
        try {
            run.run();
        } finally {
            log.stop();
        }
        return log.text();
    }

    /**
     * Runs {@code call} capturing standard error (restored after); the result and the log together.
     *
     * @throws Exception what {@code call} threw
     */
    public static <T> Captured<T> around(Callable<T> call) throws Exception {
        CapturedLog log = new CapturedLog();
        log.start();
        try {
            T result = call.call();
            return new Captured<>(result, log.text());
        } finally {
            log.stop();
        }
    }

    /** A value and what was logged while it was computed. */
    public record Captured<T>(T result, String text) {
    }

    /** Starts capturing; {@link #stop()} restores standard error. */
    public void start() {
        captured = new ByteArrayOutputStream();
        original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    /** Restores the standard error that {@link #start()} replaced; what was captured stays readable. */
    public void stop() {
        if (original != null) {
            System.setErr(original);
            original = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /** The log so far, as text. */
    public String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The log lines so far that contain every one of {@code fragments}. */
    public List<String> linesContaining(String... fragments) {
        return Arrays.stream(text().split("\\R")).filter(l -> Arrays.stream(fragments).allMatch(l::contains)).toList();
    }

    /**
     * Asserts that no secret, nor any dot-separated part of one (a JWS header, payload or signature on
     * its own), is in the log so far.
     */
    public void assertNeverShows(Collection<String> secrets) {
        String log = text();
        for (String secret : secrets) {
            assertThat(log).as("a secret reached the log").doesNotContain(secret);
            for (String part : secret.split("\\.")) {
                if (!part.isEmpty()) {
                    assertThat(log).as("part of a secret reached the log").doesNotContain(part);
                }
            }
        }
    }
}
