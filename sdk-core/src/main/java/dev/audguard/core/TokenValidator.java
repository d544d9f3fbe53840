package dev.audguard.core;

import dev.audguard.core.internal.KeySource;
import dev.audguard.core.internal.KeySourceSettings;
import dev.audguard.core.internal.SafeListener;
import dev.audguard.core.internal.VerificationKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Validates OAuth 2.0 JWT access tokens for one service, and refuses to exist without an audience
 * rule.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder()
 *     .issuer("https://idp.example.com/realms/demo")   // keys found through discovery
 *     .audience("orders-api")                           // build() fails without an audience or an explicit opt-out
 *     .build();                                         // immutable, thread-safe, share one per service
 * VerifiedToken token = validator.validate(rawToken);   // or throws TokenValidationException with a Reason
 * }</pre>
 *
 * <p>Checks, in order, each failing with its own {@link Reason}: size, compact JWS structure
 * (strict, canonical base64url, JSON object header and payload, no JWE, no nested token, no {@code crit}),
 * header {@code typ}, {@code iss} among the trusted issuers (before any key is fetched), the
 * issuer's algorithm allowlist, key selection by {@code kid}, signature, {@code exp} / {@code nbf} /
 * {@code iat} with clock skew, Keycloak's {@code typ} claim (an ID or refresh token is not an access
 * token), {@code sub}, {@code aud}, {@code azp}, scopes and required claims.
 *
 * <p>Keys come from issuer discovery, a JWKS URI or fixed keys; remote keys are cached so that
 * validation survives key rotation, issuer outages and floods of unknown {@code kid}s (see
 * {@link Builder}). Building a validator never touches the network. A token that passes is
 * remembered (keyed by the exact token string) in a bounded verified-token cache; a hit still
 * checks time and audience, and dies with the token or with the key that signed it.
 *
 * <p>Immutable and thread-safe: build one per service and share it.
 */
public final class TokenValidator {
    private static final Logger log = LoggerFactory.getLogger(TokenValidator.class);

    private final Map<String, IssuerPolicy> issuers;
    private final List<KeySource> keySources;
    private final int maxTokenSize;
    private final Clock clock;
    private final ValidationListener listener;
    private final ValidationListener configuredListener;
    private final TokenHeader.Parser headers = new TokenHeader.Parser();
    private final VerdictCache verdicts;

    private TokenValidator(Builder builder) {
        this.clock = builder.clock != null ? builder.clock : Clock.systemUTC();
        this.configuredListener = builder.listener != null ? builder.listener : ValidationListener.none();
        this.listener = new SafeListener(configuredListener);
        this.maxTokenSize = builder.maxTokenSize != null ? builder.maxTokenSize : Builder.DEFAULT_MAX_TOKEN_SIZE;
        int cacheSize = builder.verifiedTokenCacheSize != null ? builder.verifiedTokenCacheSize : Builder.DEFAULT_VERIFIED_CACHE_SIZE;
        this.verdicts = VerdictCache.of(cacheSize, clock, builder.beforeCaching);
        PolicyResolver resolver = new PolicyResolver(builder);
        Map<String, IssuerBuilder> configured = resolver.issuers();
        PolicyResolver.KeySources sources = new PolicyResolver.KeySources(builder.keySourceSettings(), builder.sslContextOrNull(), clock, listener,
                verdicts::forgetSignedBy);
        this.issuers = resolver.policies(configured, sources);
        this.keySources = sources.all();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates {@code token} against the configured policy.
     *
     * @param token the compact JWS, without the {@code Bearer } prefix
     * @return the verified token
     * @throws TokenValidationException with the {@link Reason} the token was refused for
     */
    public VerifiedToken validate(String token) {
        return validate(token, Requirements.none());
    }

    /**
     * Validates {@code token} against the configured policy, with {@code requirements}'s audience
     * rule (when it has one) instead of the configured one and its scopes in addition.
     *
     * @throws TokenValidationException with the {@link Reason} the token was refused for
     */
    public VerifiedToken validate(String token, Requirements requirements) {
        Objects.requireNonNull(requirements, "requirements");
        try {
            VerifiedToken cached = verdicts.serve(token, issuers, requirements);
            if (cached != null) {
                listener.onAccepted(cached, true);
                return cached;
            }
            VerifiedToken result = verify(token, requirements);
            verdicts.remember(token, result);
            listener.onAccepted(result, false);
            return result;
        } catch (TokenValidationException e) {
            if (log.isDebugEnabled()) {
                log.debug("Token {} rejected: {}", Fingerprints.of(token), e.reason().code());
            }
            listener.onRejected(e.reason());
            throw e;
        }
    }

    /** Structure, issuer (before any key is fetched), algorithm, type, key, signature, then the claims. */
    private VerifiedToken verify(String token, Requirements requirements) {
        CompactJws jws = CompactJws.parse(token, maxTokenSize, headers);
        TokenHeader header = jws.header();
        if (!(jws.claims().get("iss") instanceof String issuer)) {
            throw new TokenValidationException(jws.claims().get("iss") == null ? Reason.MISSING_CLAIM : Reason.INVALID_CLAIM);
        }
        IssuerPolicy policy = issuers.get(issuer);
        if (policy == null) {
            throw new TokenValidationException(Reason.UNTRUSTED_ISSUER);
        }
        if (!policy.algorithms().contains(header.jwsAlgorithm())) {
            throw new TokenValidationException(Reason.UNSUPPORTED_ALGORITHM);
        }
        if (policy.accessTokenTypeRequired() && !header.accessTokenType()) {
            throw new TokenValidationException(Reason.WRONG_TOKEN_TYPE);
        }
        VerificationKey key = policy.keys().select(header.keyIdOrNull(), header.jwsAlgorithm());
        if (!key.verify(header.jwsAlgorithm(), jws.ascii(), jws.signingLength(), jws.signature())) {
            throw new TokenValidationException(Reason.BAD_SIGNATURE);
        }
        return ClaimChecks.check(token, header, key, policy, jws.claims(), requirements, clock.millis());
    }

    /**
     * Fetches every remote key source now instead of on the first token, for services that prefer
     * to find a broken issuer configuration at start-up. Optional: validation fetches on demand.
     *
     * @return completes when every source holds keys; fails with {@link Reason#KEYS_UNAVAILABLE}
     *     otherwise (the validator stays usable and keeps trying on demand)
     */
    public CompletableFuture<Void> warmUp() {
        return CompletableFuture.allOf(keySources.stream().map(KeySource::warmUp).toArray(CompletableFuture[]::new));
    }

    /**
     * Whether this validator keeps the verdicts of accepted tokens: {@code true} unless it was built
     * with {@link Builder#disableVerifiedTokenCache()}. While it keeps one, every {@code validate} of
     * the same token text returns the same {@link VerifiedToken} instance until the token expires,
     * the key that signed it is withdrawn or the cache is full; adapters that derive a view of a
     * verified token (Spring's {@code Jwt}) keep that view only when this says there is a verdict to
     * keep it beside.
     */
    public boolean cachesVerdicts() {
        return verdicts.enabled();
    }

    /** A snapshot of every key source, for health endpoints. */
    public List<KeySourceHealth> health() {
        return keySources.stream().map(KeySource::health).toList();
    }

    /**
     * The listener given to the builder, as given (not wrapped), or {@link ValidationListener#none()}:
     * so the protected-resource front door reports its own refusals to the same listener.
     */
    ValidationListener listener() {
        return configuredListener;
    }

    /** Each trusted issuer's audience rule (empty: its audience check is off), for the front door's explanations. */
    Map<String, Optional<AudienceRule>> audienceRules() {
        Map<String, Optional<AudienceRule>> rules = new java.util.LinkedHashMap<>();
        issuers.forEach((issuer, policy) -> rules.put(issuer, Optional.ofNullable(policy.audience())));
        return rules;
    }

    /**
     * The resolved policy of {@code issuer}, or {@code null}: so an introspector verifies signed
     * answers (RFC 9701) with this validator's key source and algorithm allowlist for that issuer,
     * never with a key of its own or one the answer names.
     */
    IssuerPolicy policyOf(String issuer) {
        return issuers.get(issuer);
    }

    /** The trusted issuers, in configuration order. */
    public Set<String> issuers() {
        return issuers.keySet();
    }

    @Override
    public String toString() {
        return "TokenValidator{issuers=" + issuers.keySet() + ", audiences=" + issuers.values().stream()
                .map(p -> p.audience() == null ? "<any>" : p.audience().audiences().toString())
                .collect(Collectors.joining(", ")) + '}';
    }

    /**
     * Options for one trusted issuer; anything not set here comes from the enclosing
     * {@link Builder}'s defaults.
     *
     * <p>Not thread-safe.
     */
    public static final class IssuerBuilder extends PolicyBuilder<IssuerBuilder> {
        IssuerBuilder() {
        }
    }

    /**
     * Configures a {@link TokenValidator}. The options inherited from {@link PolicyBuilder} are
     * defaults for every issuer; {@link #issuer(String, Consumer)} overrides them for one.
     *
     * <p>Defaults: 16 KiB maximum token size; verified-token cache of 10,000 entries; and for remote
     * keys: 2 s connect timeout, 5 s request deadline, 512 KiB maximum JWKS, HTTPS except on
     * loopback, key-set lifetime from {@code Cache-Control: max-age} clamped to [1 min, 24 h] and
     * 15 min without it, background refresh from 80% of the lifetime, at most one refresh per 10 s
     * for unknown {@code kid}s (never less than 1 s apart), and keys kept for up to 24 h past their lifetime while the issuer
     * is unreachable.
     *
     * <p>{@link #build()} can be called again to build another, independent validator.
     * Not thread-safe.
     */
    public static final class Builder extends PolicyBuilder<Builder> {
        /**
         * The shortest interval allowed between key refreshes caused by unknown {@code kid}s (1 s), for
         * {@link #unknownKeyRefreshInterval(Duration)} and Keycloak's {@code min-time-between-jwks-requests}.
         */
        public static final Duration MIN_UNKNOWN_KEY_REFRESH_INTERVAL = Duration.ofSeconds(1);
        static final int DEFAULT_MAX_TOKEN_SIZE = 16 * 1024;
        static final int DEFAULT_VERIFIED_CACHE_SIZE = 10_000;

        final Map<String, IssuerBuilder> issuers = new LinkedHashMap<>();
        final RemoteKeys remoteKeys = new RemoteKeys();
        Clock clock;
        Integer maxTokenSize;
        ValidationListener listener;
        Integer verifiedTokenCacheSize;
        Boolean allowInsecureHttp;
        KeycloakAdapterConfig keycloak;
        Runnable beforeCaching;

        Builder() {
        }

        /** Tests only: {@code hook} runs after each verification, before its verdict is cached. */
        Builder beforeCachingVerdict(Runnable hook) {
            this.beforeCaching = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /** Trusts {@code issuer} (compared exactly with {@code iss}) with the builder's default options. */
        public Builder issuer(String issuer) {
            return issuer(issuer, options -> { });
        }

        /** Trusts {@code issuer} with its own options on top of the builder's defaults. */
        public Builder issuer(String issuer, Consumer<IssuerBuilder> options) {
            Objects.requireNonNull(issuer, "issuer");
            if (issuer.isBlank()) {
                throw new IllegalArgumentException("an issuer must not be blank");
            }
            if (issuers.containsKey(issuer)) {
                throw new IllegalStateException("issuer " + issuer + " was already added");
            }
            IssuerBuilder issuerBuilder = new IssuerBuilder();
            options.accept(issuerBuilder);
            issuers.put(issuer, issuerBuilder);
            return this;
        }

        /**
         * Configures this validator from a Keycloak adapter file ({@code keycloak.json}): the issuer
         * ({@code auth-server-url} + {@code /realms/} + {@code realm}), the audience ({@code resource},
         * unless the file sets {@code verify-token-audience: false}: then {@link #build()} still
         * fails until {@link #disableAudienceCheck()} is called in code), the realm public key when
         * given, {@code min-time-between-jwks-requests}, {@code public-key-cache-ttl} and
         * {@code ssl-required: all}, {@code truststore} and {@code truststore-password} (the CA
         * certificates key and discovery requests trust). Options set on this builder win over the file.
         */
        public Builder keycloak(KeycloakAdapterConfig config) {
            requireUnset(this.keycloak, "keycloak");
            this.keycloak = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The clock for every time check and cache; tests pass a controllable one. */
        public Builder clock(Clock clock) {
            requireUnset(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Tokens longer than this many characters fail with {@code token_too_large} before any parsing (default 16 KiB). */
        public Builder maxTokenSize(int characters) {
            requireUnset(this.maxTokenSize, "maxTokenSize");
            if (characters < 64) {
                throw new IllegalArgumentException("maxTokenSize must be at least 64");
            }
            this.maxTokenSize = characters;
            return this;
        }

        /** Receives accept/reject and key-source events. */
        public Builder listener(ValidationListener listener) {
            requireUnset(this.listener, "listener");
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How many verified tokens to remember (default 10,000). */
        public Builder verifiedTokenCacheSize(int entries) {
            requireUnset(this.verifiedTokenCacheSize, "the verified-token cache");
            if (entries < 1) {
                throw new IllegalArgumentException("use disableVerifiedTokenCache() to turn the cache off");
            }
            this.verifiedTokenCacheSize = entries;
            return this;
        }

        /** Verifies every token in full, every time. */
        public Builder disableVerifiedTokenCache() {
            requireUnset(this.verifiedTokenCacheSize, "the verified-token cache");
            this.verifiedTokenCacheSize = 0;
            return this;
        }

        /**
         * Options for fetching and caching remote keys (discovery and JWKS URIs), for every issuer:
         * {@code .remoteKeys(k -> k.connectTimeout(Duration.ofSeconds(1)).lifetime(Duration.ofMinutes(5)))}.
         * May be called more than once; each option can still be set only once.
         */
        public Builder remoteKeys(Consumer<RemoteKeys> options) {
            options.accept(remoteKeys);
            return this;
        }

        /** Allows fetching keys over plain HTTP from any host. Never in production: anyone on the path could swap the keys. */
        public Builder allowInsecureHttp() {
            requireUnset(this.allowInsecureHttp, "allowInsecureHttp");
            this.allowInsecureHttp = true;
            return this;
        }

        /** @deprecated use {@code remoteKeys(k -> k.connectTimeout(timeout))}. */
        @Deprecated
        public Builder connectTimeout(Duration timeout) {
            remoteKeys.connectTimeout(timeout);
            return this;
        }

        /** @deprecated use {@code remoteKeys(k -> k.requestTimeout(timeout))}. */
        @Deprecated
        public Builder requestTimeout(Duration timeout) {
            remoteKeys.requestTimeout(timeout);
            return this;
        }

        /** @deprecated use {@code remoteKeys(k -> k.maxResponseSize(bytes))}. */
        @Deprecated
        public Builder maxJwksSize(int bytes) {
            remoteKeys.maxResponseSize(bytes);
            return this;
        }

        /** @deprecated use {@code remoteKeys(k -> k.lifetime(lifetime))}. */
        @Deprecated
        public Builder keyCacheLifetime(Duration lifetime) {
            remoteKeys.lifetime(lifetime);
            return this;
        }

        /** @deprecated use {@code remoteKeys(k -> k.lifetimeBounds(min, max))}. */
        @Deprecated
        public Builder keyCacheLifetimeBounds(Duration min, Duration max) {
            remoteKeys.lifetimeBounds(min, max);
            return this;
        }

        /** @deprecated use {@code remoteKeys(k -> k.refreshAhead(fraction))}. */
        @Deprecated
        public Builder refreshAhead(double fraction) {
            remoteKeys.refreshAhead(fraction);
            return this;
        }

        /** @deprecated use {@code remoteKeys(k -> k.unknownKeyRefreshInterval(interval))}. */
        @Deprecated
        public Builder unknownKeyRefreshInterval(Duration interval) {
            remoteKeys.unknownKeyRefreshInterval(interval);
            return this;
        }

        /** @deprecated use {@code remoteKeys(k -> k.staleTolerance(tolerance))}. */
        @Deprecated
        public Builder staleKeyTolerance(Duration tolerance) {
            remoteKeys.staleTolerance(tolerance);
            return this;
        }

        static Duration atLeastMinimumInterval(Duration interval, String name) {
            Objects.requireNonNull(interval, name);
            if (interval.compareTo(MIN_UNKNOWN_KEY_REFRESH_INTERVAL) < 0) {
                throw new IllegalArgumentException(name + " must be at least 1 s (it is " + interval
                        + "): a shorter interval lets tokens with unknown kids fetch the keys for nearly every request");
            }
            return interval;
        }

        /** The code's {@code remoteKeys(k -> k.sslContext(..))}, else the Keycloak file's trust store, else {@code null}. */
        SSLContext sslContextOrNull() {
            SSLContext given = remoteKeys.sslContextOrNull();
            if (given != null || keycloak == null) {
                return given;
            }
            return keycloak.trustStoreSslContext().orElse(null);
        }

        KeySourceSettings keySourceSettings() {
            RemoteKeys k = remoteKeys;
            Duration lifetime = either(k.lifetime, Duration.ofMinutes(15));
            if (keycloak != null && k.lifetime == null && keycloak.publicKeyCacheTtl().isPresent()) {
                lifetime = keycloak.publicKeyCacheTtl().get();
            }
            Duration unknownKeyInterval = either(k.unknownKeyRefreshInterval,
                    keycloak != null ? keycloak.minTimeBetweenJwksRequests() : Duration.ofSeconds(10));
            return new KeySourceSettings(either(k.connectTimeout, Duration.ofSeconds(2)),
                    either(k.requestTimeout, Duration.ofSeconds(5)), either(k.maxResponseSize, 512 * 1024),
                    Boolean.TRUE.equals(allowInsecureHttp),
                    keycloak != null && keycloak.sslRequired().equalsIgnoreCase("all"),
                    lifetime, either(k.minLifetime, Duration.ofMinutes(1)), either(k.maxLifetime, Duration.ofHours(24)),
                    either(k.refreshAhead, 0.8), unknownKeyInterval, either(k.staleTolerance, Duration.ofHours(24)));
        }

        /**
         * Builds the validator. Never touches the network.
         *
         * @throws IllegalStateException when no issuer is configured, or an issuer has no audience
         *     rule and its audience check was not explicitly disabled
         * @throws IllegalArgumentException when a key source cannot be used (an insecure URL, an
         *     unreadable or keyless JWKS file, an invalid PEM)
         */
        public TokenValidator build() {
            return new TokenValidator(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }

    /**
     * How remote keys (discovery documents and JWKS) are fetched and cached, for every issuer whose
     * keys are not configured up front. Set through {@link Builder#remoteKeys(Consumer)}; each option
     * can be set once.
     *
     * <p>Defaults: 2 s connect timeout, 5 s request deadline, 512 KiB maximum response, key-set
     * lifetime from {@code Cache-Control: max-age} clamped to [1 min, 24 h] and 15 min without it,
     * background refresh from 80% of the lifetime, at most one refresh per 10 s for unknown
     * {@code kid}s (never less than 1 s), and keys kept for up to 24 h past their lifetime while the
     * issuer is unreachable.
     *
     * <p>Not thread-safe.
     */
    public static final class RemoteKeys {
        private Duration connectTimeout;
        private Duration requestTimeout;
        private Integer maxResponseSize;
        private Duration lifetime;
        private Duration minLifetime;
        private Duration maxLifetime;
        private Double refreshAhead;
        private Duration unknownKeyRefreshInterval;
        private Duration staleTolerance;
        private SSLContext sslContext;

        RemoteKeys() {
        }

        /** Connect timeout for discovery and JWKS requests (default 2 s). */
        public RemoteKeys connectTimeout(Duration timeout) {
            requireUnset(this.connectTimeout, "connectTimeout");
            this.connectTimeout = Builder.positive(timeout, "connectTimeout");
            return this;
        }

        /** Deadline for a whole discovery or JWKS request, body included (default 5 s). */
        public RemoteKeys requestTimeout(Duration timeout) {
            requireUnset(this.requestTimeout, "requestTimeout");
            this.requestTimeout = Builder.positive(timeout, "requestTimeout");
            return this;
        }

        /** Larger discovery or JWKS responses are a failed fetch (default 512 KiB, at least 1 KiB). */
        public RemoteKeys maxResponseSize(int bytes) {
            requireUnset(this.maxResponseSize, "maxJwksSize");
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxJwksSize must be at least 1024 bytes");
            }
            this.maxResponseSize = bytes;
            return this;
        }

        /** Key-set lifetime when the response has no {@code Cache-Control: max-age} (default 15 min). */
        public RemoteKeys lifetime(Duration lifetime) {
            requireUnset(this.lifetime, "keyCacheLifetime");
            this.lifetime = Builder.positive(lifetime, "keyCacheLifetime");
            return this;
        }

        /** Bounds for the lifetime a response declares (default 1 min to 24 h). */
        public RemoteKeys lifetimeBounds(Duration min, Duration max) {
            requireUnset(this.minLifetime, "keyCacheLifetimeBounds");
            if (Builder.positive(min, "min").compareTo(Builder.positive(max, "max")) > 0) {
                throw new IllegalArgumentException("the minimum key cache lifetime exceeds the maximum");
            }
            this.minLifetime = min;
            this.maxLifetime = max;
            return this;
        }

        /** Fraction of the lifetime after which a background refresh starts (default 0.8; between 0.1 and 1). */
        public RemoteKeys refreshAhead(double fraction) {
            requireUnset(this.refreshAhead, "refreshAhead");
            if (!(fraction >= 0.1 && fraction <= 1.0)) {
                throw new IllegalArgumentException("refreshAhead must be between 0.1 and 1.0");
            }
            this.refreshAhead = fraction;
            return this;
        }

        /**
         * At most one key refresh per interval is caused by unknown {@code kid}s (default 10 s, at least
         * {@link Builder#MIN_UNKNOWN_KEY_REFRESH_INTERVAL}; Keycloak's {@code min-time-between-jwks-requests}).
         *
         * @throws IllegalArgumentException below one second: a shorter interval lets a flood of tokens
         *     with random {@code kid}s make the validator fetch the JWKS for nearly every one of them
         */
        public RemoteKeys unknownKeyRefreshInterval(Duration interval) {
            requireUnset(this.unknownKeyRefreshInterval, "unknownKeyRefreshInterval");
            this.unknownKeyRefreshInterval = Builder.atLeastMinimumInterval(interval, "unknownKeyRefreshInterval");
            return this;
        }

        /**
         * The TLS context for discovery and JWKS requests, e.g. one that trusts a private CA
         * ({@code SSLContext} initialised with a trust store holding it). Default: the JDK's, which
         * trusts the JVM's CA certificates. The rule for plain {@code http} is unchanged: HTTPS
         * unless loopback (or {@link Builder#allowInsecureHttp()}).
         */
        public RemoteKeys sslContext(SSLContext context) {
            requireUnset(this.sslContext, "sslContext");
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /** The TLS context given with {@link #sslContext}, or {@code null} for the JDK's. */
        SSLContext sslContextOrNull() {
            return sslContext;
        }

        /** How long past their lifetime keys keep serving while the issuer cannot be reached (default 24 h; zero disables). */
        public RemoteKeys staleTolerance(Duration tolerance) {
            requireUnset(this.staleTolerance, "staleKeyTolerance");
            if (tolerance.isNegative()) {
                throw new IllegalArgumentException("staleKeyTolerance must not be negative");
            }
            this.staleTolerance = tolerance;
            return this;
        }

        private static void requireUnset(Object current, String option) {
            PolicyBuilder.requireUnset(current, option);
        }
    }
}
