package dev.audguard.core.internal.pipeline;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Logs an unexpected exception at ERROR with its class (never its message, which may quote input)
 * at most once per {@code window} per exception class, and says how many of that class were not
 * logged since the last line. Time comes from the injected clock. Not API.
 *
 * <p>Thread-safe.
 */
public final class ErrorLogThrottle {
    /** How often one exception class is logged at most. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    private final Logger log;
    private final LineWindows<String> windows;

    public ErrorLogThrottle(Logger log, Clock clock, Duration window) {
        this.log = Objects.requireNonNull(log, "log");
        this.windows = new LineWindows<>(clock, window);
    }

    /** Logs {@code error} unless its class was logged within the window; counts it otherwise. */
    public void report(Throwable error) {
        String type = error.getClass().getName();
        long suppressed = windows.admit(type);
        if (suppressed < 0) {
            return;
        }
        if (suppressed == 0) {
            log.error("Checking a request failed unexpectedly ({}); answered 500 internal_error", type);
        } else {
            log.error("Checking a request failed unexpectedly ({}); answered 500 internal_error; {} more of this kind since "
                    + "the last such line were not logged", type, suppressed);
        }
    }
}
