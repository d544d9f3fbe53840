package dev.audguard.exchange;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/** Runs retries at once and keeps the delays they asked for: retries are checked without waiting. Thread-safe. */
final class RecordingScheduler implements RetryScheduler {
    final List<Duration> delays = new CopyOnWriteArrayList<>();

    @Override
    public Executor after(Duration delay) {
        delays.add(delay);
        return Runnable::run;
    }
}
