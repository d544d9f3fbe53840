package dev.audguard.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.audguard.core.internal.Expiries;
import dev.audguard.core.internal.Tickers;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The verified-token cache: a bounded map from the exact token text to its verdict, each entry
 * living until the token's {@code exp}. A hit is served only while the key that signed the token is
 * still held by its key source (asked on every hit, so a verdict never outlives the removal of its
 * key however a validation and a refresh interleave) and after time and requirements are checked
 * again. Rejections are never cached. Not API.
 *
 * <p>Thread-safe.
 */
final class VerdictCache {
    private final Cache<String, VerifiedToken> cache;
    private final Runnable beforeCaching;
    private final Clock clock;

    private VerdictCache(Cache<String, VerifiedToken> cache, Clock clock, Runnable beforeCaching) {
        this.cache = cache;
        this.clock = clock;
        this.beforeCaching = beforeCaching;
    }

    /** A cache of {@code size} verdicts; {@code 0} caches nothing. {@code beforeCaching} is a test hook or {@code null}. */
    static VerdictCache of(int size, Clock clock, Runnable beforeCaching) {
        Cache<String, VerifiedToken> cache = size == 0 ? null : Caffeine.newBuilder()
                .maximumSize(size)
                .ticker(Tickers.of(clock))
                .executor(Runnable::run)
                .expireAfter(Expiries.<String, VerifiedToken>untilDeadline(clock, VerifiedToken::expiresAtMillis))
                .build();
        return new VerdictCache(cache, clock, beforeCaching);
    }

    /**
     * The cached verdict of {@code token} when it still holds under {@code requirements}, or
     * {@code null} when there is none (or its key is gone: then it is dropped).
     *
     * @throws TokenValidationException when the cached token is now expired or fails the requirements
     */
    VerifiedToken serve(String token, Map<String, IssuerPolicy> issuers, Requirements requirements) {
        VerifiedToken cached = cache == null || token == null ? null : cache.getIfPresent(token);
        if (cached == null) {
            return null;
        }
        IssuerPolicy policy = issuers.get(cached.issuer());
        policy.keys().refreshIfDue();
        // The purge on key removal can run between a verification and the put of its verdict;
        // asking the key source on every hit makes a verdict of a removed key unusable anyway.
        if (cached.keyThumbprint() == null || !policy.keys().holds(cached.keyThumbprint())) {
            cache.asMap().remove(token, cached);
            return null;
        }
        ClaimChecks.checkTime(policy, clock.millis(), cached.expiresAtMillis(), cached.notBeforeMillis(), Long.MIN_VALUE);
        // a verdict reached with a DPoP proof is no verdict for the same token presented without one
        if (!cached.typeAllows(requirements)) {
            throw new TokenValidationException(Reason.WRONG_TOKEN_TYPE);
        }
        ClaimChecks.checkRequirements(policy, requirements, cached.audiences(), cached.scopes());
        return cached;
    }

    /** Remembers a verdict; tokens without {@code exp} are never cached. */
    void remember(String token, VerifiedToken verdict) {
        if (cache != null && verdict.expiresAt().isPresent()) {
            if (beforeCaching != null) {
                beforeCaching.run();
            }
            cache.put(token, verdict);
        }
    }

    /** Whether verdicts are kept at all (a size of 0 keeps none). */
    boolean enabled() {
        return cache != null;
    }

    /** Drops the verdicts of tokens signed by keys with these thumbprints (the issuer stopped publishing them). */
    void forgetSignedBy(Set<String> thumbprints) {
        if (cache != null) {
            cache.asMap().values().removeIf(token -> token.keyThumbprint() != null && thumbprints.contains(token.keyThumbprint()));
        }
    }
}
