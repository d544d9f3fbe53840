package dev.audguard.core.internal.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * At most one log line per key per window: {@link #admit} says whether a line for a key may be
 * written now and how many for that key were held back since the last one. The throttle under
 * {@link ErrorLogThrottle} (per exception class) and {@link RefusalExplainer} (per reason). Time
 * comes from the injected clock. Not API.
 *
 * <p>Thread-safe.
 *
 * @param <K> what a window is kept for
 */
final class LineWindows<K> {
    private static final class Window {
        long startedAt;
        long suppressed;

        Window(long startedAt) {
            this.startedAt = startedAt;
        }
    }

    private final Clock clock;
    private final long windowMillis;
    private final ConcurrentMap<K, Window> windows = new ConcurrentHashMap<>();

    LineWindows(Clock clock, Duration window) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.windowMillis = window.toMillis();
    }

    /**
     * -1 when a line for {@code key} was admitted within the window (this one is counted instead);
     * otherwise how many were held back before this one, which starts a new window.
     */
    long admit(K key) {
        long now = clock.millis();
        Window window = windows.putIfAbsent(key, new Window(now));
        if (window == null) {
            return 0;
        }
        synchronized (window) {
            if (now - window.startedAt < windowMillis) {
                window.suppressed++;
                return -1;
            }
            long suppressed = window.suppressed;
            window.startedAt = now;
            window.suppressed = 0;
            return suppressed;
        }
    }
}
