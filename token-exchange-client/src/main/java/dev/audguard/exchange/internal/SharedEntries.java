package dev.audguard.exchange.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.Fingerprints;
import dev.audguard.exchange.SharedTokenCache;
import dev.audguard.exchange.ExchangeEvent;
import dev.audguard.exchange.ExchangeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The client's side of a {@link SharedTokenCache}: the key (a SHA-256 over every parameter of the
 * {@link CacheKey} plus the DPoP key's thumbprint), the stored form of an {@link IssuedToken}, and the
 * rule that a failing cache is an empty one. Not API.
 *
 * <p>Logs name the failure's class and the subject's fingerprint, never a token or the stored value.
 * Thread-safe.
 */
final class SharedEntries {
    private static final Logger log = LoggerFactory.getLogger(SharedEntries.class);
    private static final int VERSION = 1;

    private final SharedTokenCache cache;
    private final String dpopThumbprint;
    private final Duration timeout;
    private final Clock clock;
    private final ExchangeListener listener;

    SharedEntries(SharedTokenCache cache, String dpopThumbprint, Duration timeout, Clock clock, ExchangeListener listener) {
        this.cache = cache;
        this.dpopThumbprint = dpopThumbprint;
        this.timeout = timeout;
        this.clock = clock;
        this.listener = listener;
    }

    /** The shared key of {@code key}: hex SHA-256 of its fields, each length-prefixed so no two keys collide by concatenation. */
    String keyOf(CacheKey key) {
        StringBuilder canonical = new StringBuilder("audguard-exchange-v").append(VERSION);
        field(canonical, key.client());
        field(canonical, key.subjectDigest());
        field(canonical, key.subjectTokenType());
        list(canonical, key.audiences());
        list(canonical, key.resources());
        list(canonical, key.scopes());
        field(canonical, key.requestedTokenType());
        field(canonical, key.actorDigest());
        field(canonical, key.actorTokenType());
        field(canonical, dpopThumbprint);
        return Fingerprints.sha256Hex(canonical.toString());
    }

    private static void field(StringBuilder out, String value) {
        if (value == null) {
            out.append("|-");
        } else {
            out.append('|').append(value.length()).append(':').append(value);
        }
    }

    private static void list(StringBuilder out, List<String> values) {
        out.append("|[").append(values.size());
        values.forEach(v -> field(out, v));
    }

    /**
     * The token stored under {@code key} if one is there and may still be served; empty on a miss,
     * and on any failure of the cache (counted and logged at WARN, then exchanged as if empty).
     */
    CompletableFuture<Optional<IssuedToken>> get(String key, ExchangeEvent event) {
        CompletableFuture<Optional<String>> stored;
        try {
            stored = cache.get(key).toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        return stored.handle((value, error) -> {
            if (error != null) {
                failed("read", error, event);
                return Optional.empty();
            }
            if (value == null || value.isEmpty()) {
                return Optional.empty();
            }
            Optional<IssuedToken> token = decode(value.get());
            if (token.isEmpty()) {
                log.warn("Shared exchange cache {}: the entry for subject {} cannot be read; exchanging instead",
                        cache, event.subjectFingerprint());
                listener.onSharedCacheFailure(event);
                return Optional.empty();
            }
            if (!servable(token.get())) {
                return Optional.empty();
            }
            listener.onSharedCacheHit(event);
            return token;
        });
    }

    /** Stores {@code token} under {@code key} until its cache deadline; nothing when it has none. Does not wait. */
    void put(String key, IssuedToken token, ExchangeEvent event) {
        if (token.cacheUntil() == null) {
            return;
        }
        long millis = token.cacheUntil().toEpochMilli() - clock.millis();
        if (millis <= 0) {
            return;
        }
        try {
            cache.put(key, encode(token), Duration.ofMillis(millis)).whenComplete((done, error) -> {
                if (error != null) {
                    failed("write", error, event);
                }
            });
        } catch (RuntimeException e) {
            failed("write", e, event);
        }
    }

    /** Removes {@code key}'s entry (a downstream service refused its token). Does not wait. */
    void remove(String key, ExchangeEvent event) {
        try {
            cache.remove(key).whenComplete((done, error) -> {
                if (error != null) {
                    failed("remove", error, event);
                }
            });
        } catch (RuntimeException e) {
            failed("remove", e, event);
        }
    }

    private void failed(String what, Throwable error, ExchangeEvent event) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        log.warn("Shared exchange cache {}: {} failed ({}) for subject {}; exchanging as if it were empty",
                cache, what, cause.getClass().getSimpleName(), event.subjectFingerprint());
        listener.onSharedCacheFailure(event);
    }

    private boolean servable(IssuedToken token) {
        return token.cacheUntil() != null && clock.instant().isBefore(token.cacheUntil())
                && (token.expiresAt() == null || clock.instant().isBefore(token.expiresAt()));
    }

    static String encode(IssuedToken token) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("v", VERSION);
        json.put("access_token", token.accessToken());
        json.put("token_type", token.tokenType());
        if (token.issuedTokenType() != null) {
            json.put("issued_token_type", token.issuedTokenType());
        }
        if (token.expiresAt() != null) {
            json.put("expires_at", token.expiresAt().toEpochMilli());
        }
        json.put("scope", token.scopes());
        json.put("cache_until", token.cacheUntil().toEpochMilli());
        return JSONObjectUtils.toJSONString(json);
    }

    /** The token in {@code value}, or empty when it is not a whole entry of this version. */
    static Optional<IssuedToken> decode(String value) {
        try {
            Map<String, Object> json = JSONObjectUtils.parse(value);
            Number version = (Number) json.get("v");
            String accessToken = JSONObjectUtils.getString(json, "access_token");
            String tokenType = JSONObjectUtils.getString(json, "token_type");
            Object cacheUntil = json.get("cache_until");
            if (version == null || version.intValue() != VERSION || accessToken == null || accessToken.isEmpty()
                    || tokenType == null || !(cacheUntil instanceof Number until)) {
                return Optional.empty();
            }
            Object expires = json.get("expires_at");
            List<String> scopes = new ArrayList<>();
            Object scope = json.get("scope");
            if (scope instanceof List<?> list) {
                for (Object s : list) {
                    if (!(s instanceof String text)) {
                        return Optional.empty();
                    }
                    scopes.add(text);
                }
            } else if (scope != null) {
                return Optional.empty();
            }
            return Optional.of(new IssuedToken(accessToken, tokenType, JSONObjectUtils.getString(json, "issued_token_type"),
                    expires instanceof Number e ? Instant.ofEpochMilli(e.longValue()) : null, scopes,
                    Instant.ofEpochMilli(until.longValue())));
        } catch (ParseException | ClassCastException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return String.valueOf(cache);
    }
}
