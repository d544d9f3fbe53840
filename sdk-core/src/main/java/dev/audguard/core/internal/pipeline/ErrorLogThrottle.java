package dev.audguard.core.internal.pipeline;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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

    private static final class Window {
        long startedAt;
        long suppressed;

        Window(long startedAt) {
            this.startedAt = startedAt;
        }
    }

    private final Logger log;
    private final Clock clock;
    private final long windowMillis;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    public ErrorLogThrottle(Logger log, Clock clock, Duration window) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.windowMillis = window.toMillis();
    }

    /** Logs {@code error} unless its class was logged within the window; counts it otherwise. */
    public void report(Throwable error) {
        String type = error.getClass().getName();
        long now = clock.millis();
        long suppressed;
        Window fresh = new Window(now);
        Window window = windows.putIfAbsent(type, fresh);
        if (window == null) {
            suppressed = 0;
        } else {
            synchronized (window) {
                if (now - window.startedAt < windowMillis) {
                    window.suppressed++;
                    return;
                }
                suppressed = window.suppressed;
                window.startedAt = now;
                window.suppressed = 0;
            }
        }
        if (suppressed == 0) {
            log.error("Checking a request failed unexpectedly ({}); answered 500 internal_error", type);
        } else {
            log.error("Checking a request failed unexpectedly ({}); answered 500 internal_error; {} more of this kind since "
                    + "the last such line were not logged", type, suppressed);
        }
    }
}
