package dev.audguard.core.internal;

import java.time.Duration;

/**
 * How remote key sources fetch and cache, resolved from the validator's builder. Not API.
 *
 * <p>Immutable and thread-safe.
 *
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout deadline for a whole request, body included
 * @param maxResponseBytes larger responses are a failed fetch
 * @param allowInsecureHttp plain {@code http} allowed to any host
 * @param httpsEvenOnLoopback plain {@code http} refused even on loopback ({@code ssl-required: all})
 * @param defaultLifetime key-set lifetime when the response has no {@code Cache-Control: max-age}
 * @param minLifetime lower clamp of the lifetime (also used for {@code no-cache}/{@code no-store})
 * @param maxLifetime upper clamp of the lifetime
 * @param refreshAhead fraction of the lifetime after which a background refresh starts
 * @param unknownKeyRefreshInterval at most one refresh per interval is caused by unknown {@code kid}s
 * @param staleTolerance how long past their lifetime keys keep serving while refreshes fail
 */
public record KeySourceSettings(Duration connectTimeout, Duration requestTimeout, int maxResponseBytes,
                                boolean allowInsecureHttp, boolean httpsEvenOnLoopback,
                                Duration defaultLifetime, Duration minLifetime, Duration maxLifetime,
                                double refreshAhead, Duration unknownKeyRefreshInterval,
                                Duration staleTolerance) {

    /** Fraction of the lifetime by which refresh-ahead is brought forward at random, so a fleet does not refresh in lockstep. */
    public static final double REFRESH_JITTER = 0.1;
    /** First delay after a failed fetch; doubles per consecutive failure. */
    public static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    /** Longest delay between attempts while fetches keep failing. */
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

    /** The lifetime to use for a response: its {@code max-age} (or the default), clamped. */
    public Duration clampLifetime(Duration declared) {
        Duration lifetime = declared == null ? defaultLifetime : declared;
        if (lifetime.compareTo(minLifetime) < 0) {
            return minLifetime;
        }
        return lifetime.compareTo(maxLifetime) > 0 ? maxLifetime : lifetime;
    }
}
