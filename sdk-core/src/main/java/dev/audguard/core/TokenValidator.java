package dev.audguard.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.internal.DecodedSignature;
import dev.audguard.core.internal.HttpFetcher;
import dev.audguard.core.internal.JwksParser;
import dev.audguard.core.internal.KeySource;
import dev.audguard.core.internal.KeySourceSettings;
import dev.audguard.core.internal.RemoteJwksKeySource;
import dev.audguard.core.internal.SafeListener;
import dev.audguard.core.internal.StaticKeySource;
import dev.audguard.core.internal.VerificationKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    private final TokenHeader.Parser headers = new TokenHeader.Parser();
    private final Cache<String, VerifiedToken> verified;
    /** Tests only: runs between a verification and the caching of its verdict. */
    private final Runnable beforeCaching;

    private TokenValidator(Builder builder, Map<String, IssuerBuilder> configuredIssuers) {
        this.clock = builder.clock != null ? builder.clock : Clock.systemUTC();
        this.listener = new SafeListener(builder.listener != null ? builder.listener : ValidationListener.none());
        this.beforeCaching = builder.beforeCaching;
        this.maxTokenSize = builder.maxTokenSize != null ? builder.maxTokenSize : Builder.DEFAULT_MAX_TOKEN_SIZE;
        int cacheSize = builder.verifiedTokenCacheSize != null ? builder.verifiedTokenCacheSize : Builder.DEFAULT_VERIFIED_CACHE_SIZE;
        this.verified = cacheSize == 0 ? null : Caffeine.newBuilder()
                .maximumSize(cacheSize)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .expireAfter(new UntilTokenExpiry(clock))
                .build();
        KeySources sources = new KeySources(builder, clock, listener, this::forgetVerdictsSignedBy);
        Map<String, IssuerPolicy> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, IssuerBuilder> entry : configuredIssuers.entrySet()) {
            resolved.put(entry.getKey(), builder.resolve(entry.getKey(), entry.getValue(), sources));
        }
        this.issuers = Collections.unmodifiableMap(resolved);
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
            VerifiedToken cached = verified == null || token == null ? null : verified.getIfPresent(token);
            if (cached != null) {
                IssuerPolicy policy = issuers.get(cached.issuer());
                policy.keys().refreshIfDue();
                // The purge on key removal can run between a verification and the put of its verdict;
                // asking the key source on every hit makes a verdict of a removed key unusable anyway.
                if (policy.keys().holds(cached.keyThumbprint())) {
                    long now = clock.millis();
                    checkTime(policy, now, cached.expiresAtMillis(), cached.notBeforeMillis(), Long.MIN_VALUE);
                    checkRequirements(policy, requirements, cached.audiences(), cached.scopes());
                    listener.onAccepted(cached, true);
                    return cached;
                }
                verified.asMap().remove(token, cached);
            }
            VerifiedToken result = verify(token, requirements);
            if (verified != null && result.expiresAt().isPresent()) {
                if (beforeCaching != null) {
                    beforeCaching.run();
                }
                verified.put(token, result);
            }
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


    private VerifiedToken verify(String token, Requirements requirements) {
        if (token == null || token.isEmpty()) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
        if (token.length() > maxTokenSize) {
            throw new TokenValidationException(Reason.TOKEN_TOO_LARGE);
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        // Every part is checked by the strict decoder when it is decoded.
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0 || firstDot == 0 || secondDot == firstDot + 1) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
        TokenHeader header = headers.parse(token.substring(0, firstDot));
        if (secondDot + 1 == token.length()) {
            // no signature: only alg "none" tokens look like this, and the header check refused those already
            throw new TokenValidationException(Reason.MALFORMED);
        }
        DecodedSignature signature = decodeSignature(token.substring(secondDot + 1));
        byte[] signingInput = ascii(token, secondDot);
        Map<String, Object> claims = parsePayload(signingInput, firstDot + 1, secondDot);

        String issuer = optionalString(claims, "iss");
        if (issuer == null) {
            throw new TokenValidationException(Reason.MISSING_CLAIM);
        }
        IssuerPolicy policy = issuers.get(issuer);
        if (policy == null) {
            throw new TokenValidationException(Reason.UNTRUSTED_ISSUER);
        }
        if (!policy.algorithms().contains(header.algorithm())) {
            throw new TokenValidationException(Reason.UNSUPPORTED_ALGORITHM);
        }
        if (policy.accessTokenTypeRequired() && !header.accessTokenType()) {
            throw new TokenValidationException(Reason.WRONG_TOKEN_TYPE);
        }
        VerificationKey key = policy.keys().select(header.keyId(), header.algorithm());
        if (!key.verify(header.header(), signingInput, signature)) {
            throw new TokenValidationException(Reason.BAD_SIGNATURE);
        }
        return checkClaims(token, header, key, policy, claims, requirements);
    }

    private static DecodedSignature decodeSignature(String encoded) {
        try {
            return new DecodedSignature(encoded, Segments.decode(encoded));
        } catch (IllegalArgumentException e) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
    }

    /**
     * The first {@code length} characters of {@code token} as ASCII bytes: the JWS signing input,
     * which also holds the encoded payload, so the payload needs no copy of its own. A character
     * outside ASCII becomes {@code '?'}, which no base64url decoder accepts: it can never alias a
     * valid character.
     */
    private static byte[] ascii(String token, int length) {
        return token.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, Object> parsePayload(byte[] ascii, int from, int to) {
        try {
            return JSONObjectUtils.parse(new String(Segments.decode(ascii, from, to), StandardCharsets.UTF_8));
        } catch (ParseException | RuntimeException e) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
    }

    private VerifiedToken checkClaims(String token, TokenHeader header, VerificationKey key, IssuerPolicy policy,
                                      Map<String, Object> claims, Requirements requirements) {
        long now = clock.millis();
        long exp = epochMillis(claims, "exp");
        long nbf = epochMillis(claims, "nbf");
        long iat = epochMillis(claims, "iat");
        if (exp == Long.MIN_VALUE && policy.expiryRequired()) {
            throw new TokenValidationException(Reason.MISSING_CLAIM);
        }
        checkTime(policy, now, exp == Long.MIN_VALUE ? Long.MAX_VALUE : exp, nbf, iat);

        Object keycloakType = claims.get("typ");
        if (keycloakType != null) {
            // Keycloak marks its tokens: "Bearer" for access tokens, "ID", "Refresh", "Offline", "Logout" otherwise
            if (!(keycloakType instanceof String type)) {
                throw new TokenValidationException(Reason.INVALID_CLAIM);
            }
            if (!type.equalsIgnoreCase("Bearer")) {
                throw new TokenValidationException(Reason.WRONG_TOKEN_TYPE);
            }
        }
        String subject = optionalString(claims, "sub");
        if (subject == null && policy.subjectRequired()) {
            throw new TokenValidationException(Reason.MISSING_CLAIM);
        }
        List<String> audiences = audiences(claims.get("aud"));
        String authorizedParty = optionalString(claims, "azp");
        Set<String> scopes = scopes(claims);
        checkRequirements(policy, requirements, audiences, scopes);
        if (policy.authorizedParties() != null) {
            if (authorizedParty == null) {
                throw new TokenValidationException(Reason.MISSING_CLAIM);
            }
            if (!policy.authorizedParties().contains(authorizedParty)) {
                throw new TokenValidationException(Reason.INVALID_CLAIM);
            }
        }
        for (Map.Entry<String, Object> rule : policy.claimRules().entrySet()) {
            Object value = claims.get(rule.getKey());
            if (value == null) {
                throw new TokenValidationException(Reason.MISSING_CLAIM);
            }
            if (rule.getValue() != PolicyBuilder.ANY_VALUE && !sameJsonValue(rule.getValue(), value)) {
                throw new TokenValidationException(Reason.INVALID_CLAIM);
            }
        }
        optionalString(claims, "jti");
        return new VerifiedToken(token, header.keyId(), key.thumbprint(), policy.issuer(), subject, audiences,
                authorizedParty, scopes, instant(exp), instant(nbf), instant(iat), claims);
    }

    private static void checkTime(IssuerPolicy policy, long now, long exp, long nbf, long iat) {
        long skew = policy.skewMillis();
        if (now >= saturatedAdd(exp, skew)) {
            throw new TokenValidationException(Reason.EXPIRED);
        }
        if (nbf != Long.MIN_VALUE && now < nbf - skew) {
            throw new TokenValidationException(Reason.NOT_YET_VALID);
        }
        if (iat != Long.MIN_VALUE && iat > saturatedAdd(now, skew)) {
            throw new TokenValidationException(Reason.ISSUED_IN_FUTURE);
        }
    }

    private static void checkRequirements(IssuerPolicy policy, Requirements requirements, List<String> audiences,
                                          Set<String> scopes) {
        AudienceRule rule = requirements.audience().orElse(policy.audience());
        if (rule != null && !rule.isSatisfiedBy(audiences)) {
            throw new TokenValidationException(Reason.AUDIENCE_MISMATCH);
        }
        Set<String> required = policy.requiredScopes();
        if (!requirements.scopes().isEmpty()) {
            required = new LinkedHashSet<>(required);
            required.addAll(requirements.scopes());
        }
        if (!scopes.containsAll(required)) {
            throw TokenValidationException.insufficientScope(required);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    /** A NumericDate claim in epoch milliseconds, {@link Long#MIN_VALUE} when absent. */
    private static long epochMillis(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value == null) {
            return Long.MIN_VALUE;
        }
        if (value instanceof Long seconds) {
            return seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE
                    : seconds < Long.MIN_VALUE / 1000 + 1 ? Long.MIN_VALUE + 1 : seconds * 1000;
        }
        if (value instanceof Double seconds && Double.isFinite(seconds)) {
            double millis = seconds * 1000;
            return millis >= Long.MAX_VALUE ? Long.MAX_VALUE : millis <= Long.MIN_VALUE + 1 ? Long.MIN_VALUE + 1 : (long) millis;
        }
        throw new TokenValidationException(Reason.INVALID_CLAIM);
    }

    private static Instant instant(long millis) {
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
    }

    private static String optionalString(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value != null && !(value instanceof String)) {
            throw new TokenValidationException(Reason.INVALID_CLAIM);
        }
        return (String) value;
    }

    private static List<String> audiences(Object aud) {
        if (aud == null) {
            return List.of();
        }
        if (aud instanceof String single) {
            return List.of(single);
        }
        if (aud instanceof List<?> list) {
            List<String> result = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw new TokenValidationException(Reason.INVALID_CLAIM);
                }
                result.add(s);
            }
            return Collections.unmodifiableList(result);
        }
        throw new TokenValidationException(Reason.INVALID_CLAIM);
    }

    private static Set<String> scopes(Map<String, Object> claims) {
        Object scope = claims.get("scope");
        Object scp = claims.get("scp");
        if (scope == null && scp == null) {
            return Set.of();
        }
        Set<String> result = new LinkedHashSet<>();
        addScopes(result, scope);
        addScopes(result, scp);
        return Collections.unmodifiableSet(result);
    }

    private static void addScopes(Set<String> into, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof String delimited) {
            for (String s : delimited.split(" ")) {
                if (!s.isEmpty()) {
                    into.add(s);
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw new TokenValidationException(Reason.INVALID_CLAIM);
                }
                into.add(s);
            }
        } else {
            throw new TokenValidationException(Reason.INVALID_CLAIM);
        }
    }

    private static boolean sameJsonValue(Object expected, Object actual) {
        if (expected instanceof Number n) {
            return actual instanceof Long l ? l == n.longValue()
                    : actual instanceof Double d && d == n.longValue();
        }
        return expected.equals(actual);
    }

    private void forgetVerdictsSignedBy(Set<String> thumbprints) {
        if (verified != null) {
            verified.asMap().values().removeIf(token -> thumbprints.contains(token.keyThumbprint()));
        }
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

    /** A snapshot of every key source, for health endpoints. */
    public List<KeySourceHealth> health() {
        return keySources.stream().map(KeySource::health).toList();
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

    /** Caffeine expiry: a verdict lives until the token's {@code exp}, never longer. */
    private record UntilTokenExpiry(Clock clock) implements Expiry<String, VerifiedToken> {
        @Override
        public long expireAfterCreate(String key, VerifiedToken token, long currentTime) {
            long remaining = token.expiresAtMillis() - clock.millis();
            return remaining <= 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(Math.min(remaining, TimeUnit.DAYS.toMillis(365)));
        }

        @Override
        public long expireAfterUpdate(String key, VerifiedToken token, long currentTime, long currentDuration) {
            return expireAfterCreate(key, token, currentTime);
        }

        @Override
        public long expireAfterRead(String key, VerifiedToken token, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** Creates each key source once, sharing one between issuers that name the same keys. */
    private static final class KeySources {
        private final Builder builder;
        private final Clock clock;
        private final ValidationListener listener;
        private final Consumer<Set<String>> onKeysRemoved;
        private final KeySourceSettings settings;
        private final Map<Object, KeySource> bySpec = new LinkedHashMap<>();
        private final Map<PolicyBuilder.KeySpec, KeySource> byIdentity = new IdentityHashMap<>();
        private HttpFetcher fetcher;

        KeySources(Builder builder, Clock clock, ValidationListener listener, Consumer<Set<String>> onKeysRemoved) {
            this.builder = builder;
            this.clock = clock;
            this.listener = listener;
            this.onKeysRemoved = onKeysRemoved;
            this.settings = builder.keySourceSettings();
        }

        KeySource forIssuer(String issuer, PolicyBuilder.KeySpec spec) {
            if (spec == null) {
                return bySpec.computeIfAbsent("discovery:" + issuer,
                        k -> RemoteJwksKeySource.forIssuer(issuer, fetcher(), settings, clock, listener, onKeysRemoved));
            }
            if (spec instanceof PolicyBuilder.JwksUriKeys uri) {
                return bySpec.computeIfAbsent(uri.uri(),
                        k -> RemoteJwksKeySource.forJwksUri(uri.uri(), fetcher(), settings, clock, listener, onKeysRemoved));
            }
            return byIdentity.computeIfAbsent(spec, k -> staticKeys((PolicyBuilder.StaticKeys) spec));
        }

        private HttpFetcher fetcher() {
            if (fetcher == null) {
                fetcher = new HttpFetcher(settings);
            }
            return fetcher;
        }

        private KeySource staticKeys(PolicyBuilder.StaticKeys spec) {
            String text = spec.text();
            if (text == null) {
                try {
                    text = Files.readString(Path.of(spec.origin()), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read the JWKS file " + spec.origin(), e);
                }
            }
            try {
                return new StaticKeySource(JwksParser.parseAny(text).keys());
            } catch (JwksParser.InvalidKeysException e) {
                throw new IllegalArgumentException("no usable key in " + spec.origin() + ": " + e.getMessage());
            }
        }

        List<KeySource> all() {
            Set<KeySource> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            distinct.addAll(bySpec.values());
            distinct.addAll(byIdentity.values());
            return List.copyOf(distinct);
        }
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

        private final Map<String, IssuerBuilder> issuers = new LinkedHashMap<>();
        private Clock clock;
        private Integer maxTokenSize;
        private ValidationListener listener;
        private Integer verifiedTokenCacheSize;
        private Duration connectTimeout;
        private Duration requestTimeout;
        private Integer maxJwksSize;
        private Boolean allowInsecureHttp;
        private Duration keyCacheLifetime;
        private Duration minKeyCacheLifetime;
        private Duration maxKeyCacheLifetime;
        private Double refreshAhead;
        private Duration unknownKeyRefreshInterval;
        private Duration staleKeyTolerance;
        private KeycloakAdapterConfig keycloak;
        private Runnable beforeCaching;

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
         * {@code ssl-required: all}. Options set on this builder win over the file.
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

        /** Connect timeout for discovery and JWKS requests (default 2 s). */
        public Builder connectTimeout(Duration timeout) {
            requireUnset(this.connectTimeout, "connectTimeout");
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Deadline for a whole discovery or JWKS request, body included (default 5 s). */
        public Builder requestTimeout(Duration timeout) {
            requireUnset(this.requestTimeout, "requestTimeout");
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** Larger discovery or JWKS responses are a failed fetch (default 512 KiB). */
        public Builder maxJwksSize(int bytes) {
            requireUnset(this.maxJwksSize, "maxJwksSize");
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxJwksSize must be at least 1024 bytes");
            }
            this.maxJwksSize = bytes;
            return this;
        }

        /** Allows fetching keys over plain HTTP from any host. Never in production: anyone on the path could swap the keys. */
        public Builder allowInsecureHttp() {
            requireUnset(this.allowInsecureHttp, "allowInsecureHttp");
            this.allowInsecureHttp = true;
            return this;
        }

        /** Key-set lifetime when the response has no {@code Cache-Control: max-age} (default 15 min). */
        public Builder keyCacheLifetime(Duration lifetime) {
            requireUnset(this.keyCacheLifetime, "keyCacheLifetime");
            this.keyCacheLifetime = positive(lifetime, "keyCacheLifetime");
            return this;
        }

        /** Bounds for the lifetime a response declares (default 1 min to 24 h). */
        public Builder keyCacheLifetimeBounds(Duration min, Duration max) {
            requireUnset(this.minKeyCacheLifetime, "keyCacheLifetimeBounds");
            if (positive(min, "min").compareTo(positive(max, "max")) > 0) {
                throw new IllegalArgumentException("the minimum key cache lifetime exceeds the maximum");
            }
            this.minKeyCacheLifetime = min;
            this.maxKeyCacheLifetime = max;
            return this;
        }

        /** Fraction of the lifetime after which a background refresh starts (default 0.8; between 0.1 and 1). */
        public Builder refreshAhead(double fraction) {
            requireUnset(this.refreshAhead, "refreshAhead");
            if (!(fraction >= 0.1 && fraction <= 1.0)) {
                throw new IllegalArgumentException("refreshAhead must be between 0.1 and 1.0");
            }
            this.refreshAhead = fraction;
            return this;
        }

        /**
         * At most one key refresh per interval is caused by unknown {@code kid}s (default 10 s, at least
         * {@link #MIN_UNKNOWN_KEY_REFRESH_INTERVAL}; Keycloak's {@code min-time-between-jwks-requests}).
         *
         * @throws IllegalArgumentException below one second: a shorter interval lets a flood of tokens
         *     with random {@code kid}s make the validator fetch the JWKS for nearly every one of them
         */
        public Builder unknownKeyRefreshInterval(Duration interval) {
            requireUnset(this.unknownKeyRefreshInterval, "unknownKeyRefreshInterval");
            this.unknownKeyRefreshInterval = atLeastMinimumInterval(interval, "unknownKeyRefreshInterval");
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

        /** How long past their lifetime keys keep serving while the issuer cannot be reached (default 24 h; zero disables). */
        public Builder staleKeyTolerance(Duration tolerance) {
            requireUnset(this.staleKeyTolerance, "staleKeyTolerance");
            if (tolerance.isNegative()) {
                throw new IllegalArgumentException("staleKeyTolerance must not be negative");
            }
            this.staleKeyTolerance = tolerance;
            return this;
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        KeySourceSettings keySourceSettings() {
            Duration min = either(minKeyCacheLifetime, Duration.ofMinutes(1));
            Duration max = either(maxKeyCacheLifetime, Duration.ofHours(24));
            Duration lifetime = either(keyCacheLifetime, Duration.ofMinutes(15));
            if (keycloak != null && keyCacheLifetime == null && keycloak.publicKeyCacheTtl().isPresent()) {
                lifetime = keycloak.publicKeyCacheTtl().get();
            }
            Duration unknownKeyInterval = either(unknownKeyRefreshInterval,
                    keycloak != null ? keycloak.minTimeBetweenJwksRequests() : Duration.ofSeconds(10));
            return new KeySourceSettings(either(connectTimeout, Duration.ofSeconds(2)),
                    either(requestTimeout, Duration.ofSeconds(5)), either(maxJwksSize, 512 * 1024),
                    Boolean.TRUE.equals(allowInsecureHttp),
                    keycloak != null && keycloak.sslRequired().equalsIgnoreCase("all"),
                    lifetime, min, max, either(refreshAhead, 0.8), unknownKeyInterval,
                    either(staleKeyTolerance, Duration.ofHours(24)));
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
            Map<String, IssuerBuilder> configured = new LinkedHashMap<>(issuers);
            if (keycloak != null) {
                applyKeycloak(configured);
            }
            if (configured.isEmpty()) {
                throw new IllegalStateException("no trusted issuer: call issuer(...) (or keycloak(...))");
            }
            return new TokenValidator(this, configured);
        }

        private void applyKeycloak(Map<String, IssuerBuilder> configured) {
            String issuer = keycloak.issuer();
            if (configured.containsKey(issuer)) {
                return;
            }
            IssuerBuilder fromFile = new IssuerBuilder();
            if (keycloak.verifyTokenAudience().orElse(true)) {
                if (keycloak.resource().isPresent() && audiences == null && !audienceCheckDisabled) {
                    fromFile.audience(keycloak.resource().get());
                }
            } else if (!audienceCheckDisabled) {
                log.warn("keycloak.json sets verify-token-audience=false; audguard still requires an audience: "
                        + "set one, or call disableAudienceCheck() in code to accept tokens meant for any service");
            }
            if (keys == null && keycloak.realmPublicKey().isPresent()) {
                fromFile.publicKeyPem(keycloak.realmPublicKeyPem());
            }
            if (keycloak.sslRequired().equalsIgnoreCase("none") && allowInsecureHttp == null) {
                log.warn("keycloak.json sets ssl-required=none; audguard fetches keys over plain HTTP from a "
                        + "non-loopback host only after allowInsecureHttp() is called in code");
            }
            configured.put(issuer, fromFile);
        }

        IssuerPolicy resolve(String issuer, IssuerBuilder own, KeySources sources) {
            boolean disabled = own.audiences == null && (own.audienceCheckDisabled || (audiences == null && audienceCheckDisabled));
            Set<String> audienceSet = either(own.audiences, audiences);
            AudienceRule rule = null;
            if (!disabled) {
                if (audienceSet == null) {
                    throw new IllegalStateException(noAudienceMessage(issuer));
                }
                rule = new AudienceRule(audienceSet, either(either(own.audienceMatch, audienceMatch), AudienceMatch.ANY_OF));
            }
            KeySpec keySpec = either(own.keys, keys);
            if (keySpec == null) {
                try {
                    HttpFetcher.checkTransport(URI.create(issuer), Boolean.TRUE.equals(allowInsecureHttp),
                            keycloak != null && keycloak.sslRequired().equalsIgnoreCase("all"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("cannot discover the keys of issuer " + issuer + ": " + e.getMessage(), e);
                }
            } else if (keySpec instanceof JwksUriKeys uri) {
                HttpFetcher.checkTransport(uri.uri(), Boolean.TRUE.equals(allowInsecureHttp),
                        keycloak != null && keycloak.sslRequired().equalsIgnoreCase("all"));
            }
            Set<JWSAlgorithm> algs = new HashSet<>();
            for (String name : either(either(own.algorithms, algorithms), SUPPORTED_ALGORITHMS)) {
                algs.add(JWSAlgorithm.parse(name));
            }
            Set<String> parties = either(own.authorizedParties, authorizedParties);
            return new IssuerPolicy(issuer, rule, Set.copyOf(algs),
                    either(either(own.clockSkew, clockSkew), Duration.ofSeconds(60)).toMillis(),
                    !Boolean.TRUE.equals(either(own.expiryOptional, expiryOptional)),
                    !Boolean.TRUE.equals(either(own.subjectOptional, subjectOptional)),
                    Boolean.TRUE.equals(either(own.accessTokenTypeRequired, accessTokenTypeRequired)),
                    either(either(own.requiredScopes, requiredScopes), Set.of()),
                    Map.copyOf(claimRules(own, this)),
                    parties,
                    sources.forIssuer(issuer, keySpec));
        }

        private String noAudienceMessage(String issuer) {
            String message = "no audience configured for issuer " + issuer + ": a token minted for any other service "
                    + "would be accepted. Call audience(\"<this service's client id>\"), or, if that is really "
                    + "intended, disableAudienceCheck()";
            if (keycloak != null && keycloak.verifyTokenAudience().isPresent() && !keycloak.verifyTokenAudience().get()) {
                message += " (keycloak.json sets verify-token-audience=false, which audguard only honours when "
                        + "disableAudienceCheck() is called in code)";
            }
            return message;
        }
    }
}
