package dev.audguard.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.internal.CappedBody;
import dev.audguard.core.internal.ClientAssertion;
import dev.audguard.core.internal.Discovery;
import dev.audguard.core.internal.HttpFetcher;
import dev.audguard.core.internal.JsonValues;
import dev.audguard.core.internal.KeySourceSettings;
import dev.audguard.core.internal.SafeUris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks a token by asking its issuer (RFC 7662 token introspection), under the same fail-closed
 * rules as {@link TokenValidator}: {@code active} must be {@code true}, {@code iss} must be the
 * configured issuer (a response without one is the endpoint's own issuer's), the audience rule
 * applies to the response's {@code aud} (a response without {@code aud} is refused unless the
 * check is explicitly disabled), and {@code exp}, {@code nbf}, {@code iat} are checked with the skew.
 * For opaque tokens, Keycloak's lightweight access tokens (no {@code aud}, no {@code sub} in the
 * JWT) and revocation checks before a token expires.
 *
 * <pre>{@code
 * TokenIntrospector introspector = TokenIntrospector.builder("https://idp.example.com/realms/demo")
 *         .endpoint(URI.create("https://idp.example.com/realms/demo/protocol/openid-connect/token/introspect"))
 *         .clientSecretBasic("orders-api", secret)     // Keycloak answers only a client in the token's audience
 *         .audience("orders-api")                      // build() fails without an audience or an explicit opt-out
 *         .build();
 * VerifiedToken token = introspector.introspect(rawToken, Requirements.none());
 * }</pre>
 *
 * <p>Instead of {@link Builder#endpoint}, {@link Builder#discoverEndpoint()} reads the
 * {@code introspection_endpoint} from the issuer's OpenID Connect or RFC 8414 metadata at the first
 * introspection (the document's {@code issuer} must be the configured one; no endpoint in it fails
 * closed). One look-up is under way at a time; while it fails, tokens are answered
 * {@link Reason#KEYS_UNAVAILABLE} and the next attempt waits 1 s, doubling up to 2 min, as the key
 * source does. Besides {@code client_secret_basic} and {@code client_secret_post}, the client can
 * authenticate with {@code private_key_jwt} (RFC 7523; {@link Builder#privateKeyJwt}).
 *
 * <p>Cost control: answers are cached by the SHA-256 of the token (never the token itself), an
 * active answer until the earlier of the token's {@code exp} and {@link Builder#maxCacheLifetime}
 * (default 60 s, so a revocation is seen within a minute), an inactive one for
 * {@link Builder#inactiveCacheLifetime} (default 5 s); concurrent requests for one token make one
 * call; at most {@link Builder#maxInFlight} calls are under way (default 32) and
 * {@link Builder#maxCallsPerSecond} start per second (default 200): past either, the token is
 * answered {@link Reason#KEYS_UNAVAILABLE} (503 with {@code Retry-After}), so a flood of random
 * tokens cannot become a flood at the issuer. An unreachable endpoint, an answer other than 200 or
 * an unreadable answer is {@link Reason#KEYS_UNAVAILABLE} too, never a refusal of the token and
 * never an acceptance; it is not cached, so service resumes with the endpoint.
 *
 * <p>Signed answers (RFC 9701, {@code application/token-introspection+jwt}):
 * {@link Builder#requireJwtResponses} or {@link Builder#jwtResponsesWhenOffered} ask for them and
 * verify them with the given validator's key source and algorithms for this issuer (never a key
 * the answer names); an answer failing any check (its {@code typ}, algorithm, key, signature,
 * {@code iss}, {@code aud}, {@code iat}, or plain JSON where a JWT is required) is
 * {@link Reason#INTROSPECTION_ANSWER_REJECTED}, not cached, and {@link #health()} names the check.
 *
 * <p>{@link #health()} tells a health endpoint whether the issuer answered last time;
 * {@link Builder#listener} receives calls, cache hits, failures and limited requests for metrics.
 *
 * <p>Immutable and thread-safe: share one per issuer.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7662">RFC 7662</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8414#section-2">RFC 8414 section 2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7523#section-2.2">RFC 7523 section 2.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9701">RFC 9701</a>
 */
public final class TokenIntrospector {
    private static final Logger log = LoggerFactory.getLogger(TokenIntrospector.class);

    private final String issuer;
    /** The configured endpoint's target, or null until discovery found one. */
    private final Target configuredTarget;
    private volatile Target discovered;
    private final JwtResponses jwtResponses;
    /** The validator's policy of this issuer: its key source and algorithms verify signed answers; null when they are off. */
    private final IssuerPolicy answerPolicy;
    private final HttpFetcher discoveryFetcher;
    private final boolean allowInsecureHttp;
    private final AtomicReference<CompletableFuture<Target>> discovering = new AtomicReference<>();
    private final AtomicInteger discoveryFailures = new AtomicInteger();
    private volatile long nextDiscoveryMillis = Long.MIN_VALUE;
    private final String clientId;
    private final String clientSecret;
    private final boolean secretInBody;
    private final ClientAssertion assertion;
    private final String assertionAudience;
    private final IntrospectionListener listener;
    private final AudienceRule audience;
    private final Duration skew;
    private final Duration maxCacheLifetime;
    private final Duration inactiveCacheLifetime;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private final int maxCallsPerSecond;
    private final Clock clock;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final Cache<String, Answer> answers;
    private final Map<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
    private final AtomicLong windowStart = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong callsInWindow = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong limited = new AtomicLong();
    private volatile Instant lastSuccess;
    private volatile Instant lastFailure;
    private volatile String lastProblem;
    /** Null before the first call, else whether the latest call or discovery failed (timestamps can tie on a coarse clock). */
    private volatile Boolean lastFailed;

    /** Whether introspection asks for RFC 9701 signed answers. */
    private enum JwtResponses { OFF, REQUIRED, WHEN_OFFERED }

    /**
     * Where to ask, and how: the endpoint, and the opener of signed answers, or null for plain JSON.
     * One object, so a reader never sees a discovered endpoint without its answer format.
     */
    private record Target(URI endpoint, SignedIntrospectionAnswer signed) {
    }

    /** What the issuer said of one token, as far as it outlives the request: an active token's view, or inactive. */
    private record Answer(VerifiedToken token, Reason refusal, long expiresAtNanos) {
    }

    private TokenIntrospector(Builder b) {
        this.issuer = b.issuer;
        this.jwtResponses = b.jwtResponses == null ? JwtResponses.OFF : b.jwtResponses;
        this.answerPolicy = b.answerKeys == null ? null : b.answerKeys.policyOf(b.issuer);
        this.allowInsecureHttp = b.allowInsecureHttp;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.secretInBody = b.secretInBody;
        this.assertion = b.assertion;
        this.assertionAudience = b.assertionAudience == null ? b.issuer : b.assertionAudience;
        this.listener = b.listener == null ? new IntrospectionListener() { } : b.listener;
        this.audience = b.audiences.isEmpty() ? null : AudienceRule.anyOf(b.audiences);
        this.skew = b.skew == null ? Duration.ofSeconds(60) : b.skew;
        this.maxCacheLifetime = b.maxCacheLifetime == null ? Duration.ofSeconds(60) : b.maxCacheLifetime;
        this.inactiveCacheLifetime = b.inactiveCacheLifetime == null ? Duration.ofSeconds(5) : b.inactiveCacheLifetime;
        this.requestTimeout = b.requestTimeout == null ? Duration.ofSeconds(5) : b.requestTimeout;
        this.maxResponseBytes = 64 * 1024;
        this.configuredTarget = b.endpoint == null ? null
                : new Target(b.endpoint, jwtResponses == JwtResponses.REQUIRED ? opener(Optional.empty()) : null);
        this.maxCallsPerSecond = b.maxCallsPerSecond == null ? 200 : b.maxCallsPerSecond;
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(b.connectTimeout == null ? Duration.ofSeconds(2) : b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (b.sslContext != null) {
            http.sslContext(b.sslContext);
        }
        this.http = http.build();
        this.inFlight = new Semaphore(b.maxInFlight == null ? 32 : b.maxInFlight);
        Duration connect = b.connectTimeout == null ? Duration.ofSeconds(2) : b.connectTimeout;
        // only the discovery fields matter: the fetcher reads one metadata document, never keys
        this.discoveryFetcher = b.discover ? new HttpFetcher(new KeySourceSettings(connect, requestTimeout, maxResponseBytes,
                allowInsecureHttp, false, Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofDays(1), 0.75,
                Duration.ofSeconds(10), Duration.ZERO), b.sslContext) : null;
        Ticker ticker = b.ticker == null ? Ticker.systemTicker() : b.ticker;
        this.answers = Caffeine.newBuilder().maximumSize(b.maxCacheSize == null ? 100_000 : b.maxCacheSize).ticker(ticker)
                .expireAfter(new Expiry<String, Answer>() {
                    @Override
                    public long expireAfterCreate(String key, Answer answer, long now) {
                        return Math.max(0, answer.expiresAtNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String key, Answer answer, long now, long current) {
                        return Math.max(0, answer.expiresAtNanos());
                    }

                    @Override
                    public long expireAfterRead(String key, Answer answer, long now, long current) {
                        return current;
                    }
                }).build();
    }

    /** A builder for the introspection of tokens issued by {@code issuer} (its exact {@code iss}). */
    public static Builder builder(String issuer) {
        return new Builder(issuer);
    }

    /** The issuer whose tokens this introspector checks. */
    public String issuer() {
        return issuer;
    }

    /**
     * Introspects {@code token} and applies the policy and {@code requirements} (an audience rule
     * replacing the configured one, scopes required all together) to the answer.
     *
     * @throws TokenValidationException {@link Reason#INACTIVE} for a token the issuer says is not
     *     active, the validator's reasons for a policy the answer breaks, {@link Reason#KEYS_UNAVAILABLE}
     *     when the issuer cannot be asked (or the call limits are reached)
     */
    public VerifiedToken introspect(String token, Requirements requirements) {
        Objects.requireNonNull(requirements, "requirements");
        if (token == null || token.isEmpty() || token.length() > 16 * 1024) {
            throw new TokenValidationException(token == null || token.isEmpty() ? Reason.MALFORMED : Reason.TOKEN_TOO_LARGE);
        }
        String key = Fingerprints.sha256Hex(token);
        Answer answer = answers.getIfPresent(key);
        if (answer == null) {
            answer = ask(key, token);
        } else {
            cacheHits.incrementAndGet();
            notify(l -> l.onCacheHit());
        }
        if (answer.refusal() != null) {
            throw new TokenValidationException(answer.refusal());
        }
        VerifiedToken verified = answer.token();
        long now = clock.millis();
        if (verified.expiresAt().map(exp -> now > exp.toEpochMilli() + skew.toMillis()).orElse(false)) {
            throw new TokenValidationException(Reason.EXPIRED);
        }
        AudienceRule rule = requirements.audience().orElse(audience);
        if (rule != null && !rule.isSatisfiedBy(verified.audiences())) {
            log.debug("Introspected token refused: audience_mismatch (iss {}, aud {})", issuer, verified.audiences());
            throw new TokenValidationException(Reason.AUDIENCE_MISMATCH);
        }
        if (!verified.scopes().containsAll(requirements.scopes())) {
            throw TokenValidationException.insufficientScope(requirements.scopes());
        }
        return verified;
    }

    /** Introspection calls made, and calls that failed (unreachable, not 200, unreadable), since start. */
    public Map<String, Long> counters() {
        return Map.of("calls", calls.get(), "failures", failures.get(), "cached", answers.estimatedSize());
    }

    /** The introspector's state now: endpoint, whether the issuer answered last time, the counters. */
    public IntrospectionHealth health() {
        Target target = configuredTarget != null ? configuredTarget : discovered;
        URI endpoint = target == null ? null : target.endpoint();
        Instant success = lastSuccess;
        Instant failure = lastFailure;
        Boolean failed = lastFailed;
        IntrospectionHealth.Status status = failed == null ? IntrospectionHealth.Status.NOT_CALLED
                : failed ? IntrospectionHealth.Status.DOWN : IntrospectionHealth.Status.UP;
        return new IntrospectionHealth(Optional.ofNullable(endpoint).map(SafeUris::withoutSecrets).map(String::valueOf), status,
                Optional.ofNullable(success), Optional.ofNullable(failure),
                status == IntrospectionHealth.Status.DOWN ? Optional.ofNullable(lastProblem) : Optional.empty(),
                calls.get(), failures.get(), cacheHits.get(), limited.get());
    }

    private void notify(java.util.function.Consumer<IntrospectionListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            log.warn("An IntrospectionListener threw {}; the event was dropped", e.getClass().getName());
        }
    }

    private void failed(String problem) {
        failures.incrementAndGet();
        lastProblem = problem;
        lastFailure = clock.instant();
        lastFailed = true;
        notify(l -> l.onFailure(problem));
    }

    /**
     * The configured endpoint, or the discovered one: one discovery under way at a time, waiters
     * share it; after a failure none starts before the backoff ends, so an outage of the issuer's
     * metadata does not turn every request into a fetch.
     */
    private Target target() {
        Target known = configuredTarget != null ? configuredTarget : discovered;
        if (known != null) {
            return known;
        }
        CompletableFuture<Target> current = discovering.get();
        if (current == null) {
            if (clock.millis() < nextDiscoveryMillis) {
                throw new TokenValidationException(Reason.KEYS_UNAVAILABLE);
            }
            CompletableFuture<Target> mine = new CompletableFuture<>();
            if (discovering.compareAndSet(null, mine)) {
                Discovery.introspection(discoveryFetcher, issuer, allowInsecureHttp).thenApply(this::targetOf).whenComplete((found, error) -> {
                    if (error == null) {
                        discovered = found;
                        discoveryFailures.set(0);
                        lastFailed = false;
                    } else {
                        String problem = problem(error);
                        log.warn("Introspection endpoint of {} not found: {}", issuer, problem);
                        failed(problem);
                        int n = Math.min(discoveryFailures.getAndIncrement(), 20);
                        long backoff = Math.min(KeySourceSettings.MAX_BACKOFF.toMillis(), KeySourceSettings.MIN_BACKOFF.toMillis() << n);
                        nextDiscoveryMillis = clock.millis() + backoff;
                    }
                    discovering.set(null);
                    if (error == null) {
                        mine.complete(found);
                    } else {
                        mine.completeExceptionally(error);
                    }
                });
                current = mine;
            } else {
                current = discovering.get();
                if (current == null) {
                    return target();
                }
            }
        }
        try {
            return current.get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenValidationException(Reason.KEYS_UNAVAILABLE, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new TokenValidationException(Reason.KEYS_UNAVAILABLE);
        }
    }

    /**
     * The target a metadata document describes: with signed answers when they are required, or when
     * offered ({@code introspection_signing_alg_values_supported}) and asked for when offered.
     */
    private Target targetOf(Discovery.IntrospectionMetadata metadata) {
        boolean signed = jwtResponses == JwtResponses.REQUIRED
                || (jwtResponses == JwtResponses.WHEN_OFFERED && metadata.signingAlgorithms().isPresent());
        return new Target(metadata.endpoint(), signed ? opener(metadata.signingAlgorithms()) : null);
    }

    /**
     * The opener of signed answers: the validator's algorithms for this issuer, narrowed to those the
     * issuer says it signs with when it says so; none left fails (the answers could never verify).
     */
    private SignedIntrospectionAnswer opener(Optional<List<String>> offered) {
        Set<com.nimbusds.jose.JWSAlgorithm> accepted = new LinkedHashSet<>(answerPolicy.algorithms());
        offered.ifPresent(names -> accepted.retainAll(names.stream().map(com.nimbusds.jose.JWSAlgorithm::parse).toList()));
        if (accepted.isEmpty()) {
            throw new java.util.concurrent.CompletionException(new HttpFetcher.FetchException(
                    "discovery document offers no accepted introspection_signing_alg_values_supported"));
        }
        return new SignedIntrospectionAnswer(issuer, clientId, accepted, answerPolicy.keys(), skew.toMillis());
    }

    private static String problem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpFetcher.FetchException) {
                return t.getMessage();
            }
        }
        return "unexpected failure";
    }

    private Answer ask(String key, String token) {
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> theirs = pending.putIfAbsent(key, mine);
        if (theirs != null) {
            return join(theirs);
        }
        try {
            Answer answer = call(token);
            if (answer != null) {
                answers.put(key, answer);
                mine.complete(answer);
                return answer;
            }
            TokenValidationException unavailable = new TokenValidationException(Reason.KEYS_UNAVAILABLE);
            mine.completeExceptionally(unavailable);
            throw unavailable;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            pending.remove(key, mine);
        }
    }

    private static Answer join(CompletableFuture<Answer> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof TokenValidationException refused) {
                throw refused;
            }
            throw new TokenValidationException(Reason.KEYS_UNAVAILABLE, e.getCause());
        }
    }

    /** One call, within the limits; null when the issuer could not be asked or answered unusably. */
    private Answer call(String token) {
        Target target = target();
        URI endpoint = target.endpoint();
        if (!admitThisSecond()) {
            log.debug("Introspection refused: more than {} calls a second to {}", maxCallsPerSecond, issuer);
            limited.incrementAndGet();
            notify(IntrospectionListener::onLimited);
            throw new TokenValidationException(Reason.KEYS_UNAVAILABLE);
        }
        if (!inFlight.tryAcquire()) {
            log.debug("Introspection refused: too many calls under way to {}", issuer);
            limited.incrementAndGet();
            notify(IntrospectionListener::onLimited);
            throw new TokenValidationException(Reason.KEYS_UNAVAILABLE);
        }
        long started = System.nanoTime();
        try {
            calls.incrementAndGet();
            StringBuilder form = new StringBuilder("token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8))
                    .append("&token_type_hint=access_token");
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", target.signed() != null ? SignedIntrospectionAnswer.MEDIA_TYPE : "application/json");
            if (assertion != null) {
                String signed;
                try {
                    signed = assertion.sign(assertionAudience, clock.instant());
                } catch (IllegalStateException e) {
                    failed("cannot sign the client assertion");
                    log.warn("Introspection at {}: cannot sign the client assertion", SafeUris.withoutSecrets(endpoint));
                    return null;
                }
                form.append("&client_id=").append(URLEncoder.encode(clientId, StandardCharsets.UTF_8))
                        .append("&client_assertion_type=").append(URLEncoder.encode(ClientAssertion.TYPE, StandardCharsets.UTF_8))
                        .append("&client_assertion=").append(signed);
            } else if (secretInBody) {
                form.append("&client_id=").append(URLEncoder.encode(clientId, StandardCharsets.UTF_8))
                        .append("&client_secret=").append(URLEncoder.encode(clientSecret, StandardCharsets.UTF_8));
            } else {
                String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                        + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<String> response = http.sendAsync(request.POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                            info -> info.statusCode() == 200
                                    ? new CappedBody(maxResponseBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1),
                                            () -> new HttpFetcher.FetchException("response too large"))
                                    : HttpResponse.BodySubscribers.replacing(null))
                    .get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200 || response.body() == null) {
                failed("HTTP " + response.statusCode());
                log.warn("Introspection at {} answered HTTP {}", SafeUris.withoutSecrets(endpoint), response.statusCode());
                return null;
            }
            Map<String, Object> members;
            if (target.signed() != null) {
                if (!SignedIntrospectionAnswer.isAnswerMediaType(response.headers().firstValue("Content-Type").orElse(null))) {
                    throw rejected(endpoint, SignedIntrospectionAnswer.EXPECTED);
                }
                try {
                    members = target.signed().open(response.body(), clock.millis());
                } catch (SignedIntrospectionAnswer.Rejected e) {
                    throw rejected(endpoint, e.getMessage());
                } catch (TokenValidationException e) {
                    failed("keys of the signed answer unavailable");
                    log.warn("Introspection at {}: the issuer's keys for its signed answer are unavailable", SafeUris.withoutSecrets(endpoint));
                    throw e;
                }
            } else {
                members = JSONObjectUtils.parse(response.body());
            }
            Answer answer = judge(token, members);
            lastSuccess = clock.instant();
            lastFailed = false;
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            notify(l -> l.onCall(elapsed));
            return answer;
        } catch (ParseException e) {
            failed("not a JSON object");
            log.warn("Introspection at {} answered something that is not a JSON object", SafeUris.withoutSecrets(endpoint));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed("interrupted");
            return null;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            failed(e instanceof java.util.concurrent.TimeoutException ? "timeout"
                    : e.getCause() == null ? "unreachable" : e.getCause().getClass().getSimpleName());
            log.warn("Introspection at {} failed ({})", SafeUris.withoutSecrets(endpoint),
                    e.getCause() == null ? e.getClass().getSimpleName() : e.getCause().getClass().getSimpleName());
            return null;
        } finally {
            inFlight.release();
        }
    }

    /** An answer that cannot be trusted (RFC 9701 checks): counted as a failure, never cached, never an acceptance. */
    private TokenValidationException rejected(URI endpoint, String problem) {
        failed(problem);
        log.warn("Introspection at {}: answer refused ({})", SafeUris.withoutSecrets(endpoint), problem);
        return new TokenValidationException(Reason.INTROSPECTION_ANSWER_REJECTED);
    }

    /** A fixed one-second window on the injected clock. */
    private boolean admitThisSecond() {
        long second = clock.millis() / 1000;
        long start = windowStart.get();
        if (start != second && windowStart.compareAndSet(start, second)) {
            callsInWindow.set(0);
        }
        return callsInWindow.incrementAndGet() <= maxCallsPerSecond;
    }

    /** The issuer's answer under the policy; refusals that depend only on the token are cached as such. */
    private Answer judge(String token, Map<String, Object> json) {
        long now = clock.millis();
        if (!Boolean.TRUE.equals(json.get("active"))) {
            return refusal(Reason.INACTIVE);
        }
        Object iss = json.get("iss");
        if (iss != null && !issuer.equals(iss)) {
            log.debug("Introspected token refused: untrusted_issuer (iss {}, expected {})", iss, issuer);
            return refusal(Reason.UNTRUSTED_ISSUER);
        }
        Object aud = json.get("aud");
        List<String> audiences;
        if (aud instanceof String one) {
            audiences = List.of(one);
        } else if (aud instanceof List<?> many && many.stream().allMatch(String.class::isInstance)) {
            audiences = many.stream().map(String.class::cast).toList();
        } else if (aud == null) {
            audiences = List.of();
        } else {
            return refusal(Reason.INVALID_CLAIM);
        }
        if (audience != null && audiences.isEmpty()) {
            return refusal(Reason.AUDIENCE_MISMATCH);
        }
        Instant exp = instant(json.get("exp"));
        Instant nbf = instant(json.get("nbf"));
        Instant iat = instant(json.get("iat"));
        if (exp == null) {
            return refusal(Reason.MISSING_CLAIM);
        }
        if (now > exp.toEpochMilli() + skew.toMillis()) {
            return refusal(Reason.EXPIRED);
        }
        if (nbf != null && nbf.toEpochMilli() > now + skew.toMillis()) {
            return refusal(Reason.NOT_YET_VALID);
        }
        if (iat != null && iat.toEpochMilli() > now + skew.toMillis()) {
            return refusal(Reason.ISSUED_IN_FUTURE);
        }
        Object typ = json.get("typ");
        if (typ != null && !"Bearer".equalsIgnoreCase(String.valueOf(typ)) && !"DPoP".equalsIgnoreCase(String.valueOf(typ))) {
            return refusal(Reason.WRONG_TOKEN_TYPE);
        }
        Object tokenType = json.get("token_type");
        if (tokenType != null && !"Bearer".equalsIgnoreCase(String.valueOf(tokenType))
                && !"DPoP".equalsIgnoreCase(String.valueOf(tokenType))) {
            return refusal(Reason.WRONG_TOKEN_TYPE);
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (json.get("scope") instanceof String scope && !scope.isBlank()) {
            scopes.addAll(List.of(scope.trim().split(" +")));
        }
        String azp = json.get("azp") instanceof String a ? a : json.get("client_id") instanceof String c ? c : null;
        String sub = json.get("sub") instanceof String s ? s : null;
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = (Map<String, Object>) JsonValues.readOnly(json);
        VerifiedToken verified = new VerifiedToken(token, null, null, issuer, sub, List.copyOf(audiences), azp, Set.copyOf(scopes),
                exp, nbf, iat, claims);
        long lifetime = Math.min(maxCacheLifetime.toMillis(), Math.max(0, exp.toEpochMilli() - now));
        return new Answer(verified, null, TimeUnit.MILLISECONDS.toNanos(lifetime));
    }

    private Answer refusal(Reason reason) {
        log.debug("Introspected token refused: {} (iss {})", reason.code(), issuer);
        return new Answer(null, reason, inactiveCacheLifetime.toNanos());
    }

    private static Instant instant(Object value) {
        return value instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
    }

    @Override
    public String toString() {
        Target target = configuredTarget != null ? configuredTarget : discovered;
        URI endpoint = target == null ? null : target.endpoint();
        return "TokenIntrospector{iss=" + issuer + ", endpoint=" + (endpoint == null ? "(discovery)" : SafeUris.withoutSecrets(endpoint))
                + ", client=" + clientId + '}';
    }

    /**
     * Configures a {@link TokenIntrospector}. {@link #endpoint} or {@link #discoverEndpoint()}, a
     * client ({@link #clientSecretBasic}, {@link #clientSecretPost} or {@link #privateKeyJwt}) and an audience ({@link #audience} or
     * {@link #disableAudienceCheck()}) are required. Each option can be set once.
     *
     * <p>Not thread-safe. {@link #build()} can run again.
     */
    public static final class Builder {
        private final String issuer;
        private URI endpoint;
        private String clientId;
        private String clientSecret;
        private boolean secretInBody;
        private boolean discover;
        private ClientAssertion assertion;
        private String assertionAudience;
        private JwtResponses jwtResponses;
        private TokenValidator answerKeys;
        private IntrospectionListener listener;
        private final List<String> audiences = new ArrayList<>();
        private boolean audienceDisabled;
        private boolean allowInsecureHttp;
        private Duration skew;
        private Duration maxCacheLifetime;
        private Duration inactiveCacheLifetime;
        private Duration requestTimeout;
        private Duration connectTimeout;
        private SSLContext sslContext;
        private Integer maxInFlight;
        private Integer maxCallsPerSecond;
        private Long maxCacheSize;
        private Clock clock;
        private Ticker ticker;

        private Builder(String issuer) {
            if (Objects.requireNonNull(issuer, "issuer").isBlank()) {
                throw new IllegalArgumentException("issuer must not be blank");
            }
            this.issuer = issuer;
        }

        /** The issuer's introspection endpoint (Keycloak: {@code <issuer>/protocol/openid-connect/token/introspect}). */
        public Builder endpoint(URI endpoint) {
            requireUnset(this.endpoint, "endpoint");
            if (discover) {
                throw new IllegalStateException("endpoint(..) and discoverEndpoint() contradict each other: keep one");
            }
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * Reads the endpoint from the issuer's metadata ({@code introspection_endpoint} of
         * {@code <issuer>/.well-known/openid-configuration}, else RFC 8414's
         * {@code /.well-known/oauth-authorization-server<path>}) at the first introspection. The
         * document must name this issuer; without an endpoint in it, tokens are answered
         * {@link Reason#KEYS_UNAVAILABLE}.
         */
        public Builder discoverEndpoint() {
            if (endpoint != null) {
                throw new IllegalStateException("endpoint(..) and discoverEndpoint() contradict each other: keep one");
            }
            this.discover = true;
            return this;
        }

        /**
         * Authenticate with {@code private_key_jwt} (RFC 7523): each call carries a fresh assertion
         * ({@code iss} = {@code sub} = {@code clientId}, a random {@code jti}, {@code exp} 60 s after
         * {@code iat}) signed with {@code key}, whose {@code kid} header is {@code keyId} (may be null).
         *
         * @param algorithm RS256/384/512, PS256/384/512 or ES256/384/512, fitting the key
         * @throws IllegalArgumentException when the algorithm does not fit the key
         */
        public Builder privateKeyJwt(String clientId, PrivateKey key, String keyId, String algorithm) {
            requireUnset(this.clientId, "client");
            this.assertion = new ClientAssertion(nonBlank(clientId), key, keyId, algorithm);
            this.clientId = clientId;
            return this;
        }

        /**
         * Authenticate with {@code private_key_jwt} using a private JWK (RSA or EC): the algorithm is
         * its {@code alg} (else RS256, or the curve's ES algorithm), the key id its {@code kid}.
         *
         * @throws IllegalArgumentException when the JSON is not a private RSA or EC JWK (the message
         *     never contains key material)
         */
        public Builder privateKeyJwt(String clientId, String privateJwkJson) {
            requireUnset(this.clientId, "client");
            this.assertion = ClientAssertion.fromJwk(nonBlank(clientId), privateJwkJson);
            this.clientId = clientId;
            return this;
        }

        /**
         * The {@code aud} of {@code private_key_jwt} assertions (default: the issuer, which Keycloak
         * accepts, as it does the introspection endpoint's URL).
         */
        public Builder clientAssertionAudience(String audience) {
            requireUnset(assertionAudience, "clientAssertionAudience");
            this.assertionAudience = nonBlank(audience);
            return this;
        }

        /**
         * Asks for RFC 9701 signed answers ({@code Accept: application/token-introspection+jwt}) and
         * accepts nothing else: a plain JSON answer, a header {@code typ} other than
         * {@code token-introspection+jwt}, an algorithm {@code keys} does not allow for this issuer
         * (narrowed to the discovery document's {@code introspection_signing_alg_values_supported}
         * when it has one), a key {@code keys} does not hold, a bad signature, an {@code iss} other
         * than the issuer, an {@code aud} without the introspecting client's id, an {@code iat}
         * further from now than the skew: each is {@link Reason#INTROSPECTION_ANSWER_REJECTED} (503),
         * and {@link #health()} names the check. The answer is verified with {@code keys}'s key
         * source for this issuer (the validator must trust it), never with a key the answer names.
         *
         * @param keys the validator that trusts this issuer; its keys and algorithms verify the answers
         */
        public Builder requireJwtResponses(TokenValidator keys) {
            return jwtResponses(keys, JwtResponses.REQUIRED);
        }

        /**
         * As {@link #requireJwtResponses}, when the issuer offers signed answers: its discovery document
         * lists {@code introspection_signing_alg_values_supported}. Then they are required (a plain JSON
         * answer is refused, so an attacker cannot downgrade); without the list, answers are plain JSON.
         * Needs {@link #discoverEndpoint()}. Keycloak 26 does not offer them.
         */
        public Builder jwtResponsesWhenOffered(TokenValidator keys) {
            return jwtResponses(keys, JwtResponses.WHEN_OFFERED);
        }

        private Builder jwtResponses(TokenValidator keys, JwtResponses mode) {
            if (jwtResponses != null) {
                throw new IllegalStateException("requireJwtResponses(..) or jwtResponsesWhenOffered(..) is already set");
            }
            this.answerKeys = Objects.requireNonNull(keys, "keys");
            this.jwtResponses = mode;
            return this;
        }

        /** Receives calls, cache hits, failures and limited requests (for metrics). */
        public Builder listener(IntrospectionListener listener) {
            requireUnset(this.listener, "listener");
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        private static String nonBlank(String value) {
            if (Objects.requireNonNull(value, "value").isBlank()) {
                throw new IllegalArgumentException("must not be blank");
            }
            return value;
        }

        /** Authenticate with {@code client_secret_basic}. */
        public Builder clientSecretBasic(String clientId, String secret) {
            return client(clientId, secret, false);
        }

        /** Authenticate with {@code client_secret_post}. */
        public Builder clientSecretPost(String clientId, String secret) {
            return client(clientId, secret, true);
        }

        private Builder client(String id, String secret, boolean inBody) {
            requireUnset(clientId, "client");
            if (Objects.requireNonNull(id, "clientId").isBlank() || Objects.requireNonNull(secret, "secret").isEmpty()) {
                throw new IllegalArgumentException("the introspection client needs an id and a secret");
            }
            this.clientId = id;
            this.clientSecret = secret;
            this.secretInBody = inBody;
            return this;
        }

        /** The audiences a token must name (any one suffices), applied to the answer's {@code aud}. */
        public Builder audience(String... audiences) {
            if (!this.audiences.isEmpty()) {
                throw new IllegalStateException("audience is already set");
            }
            AudienceRule.anyOf(audiences);
            this.audiences.addAll(List.of(audiences));
            return this;
        }

        /** Accept any audience, and answers without {@code aud}. A weakening: name it in reviews. */
        public Builder disableAudienceCheck() {
            this.audienceDisabled = true;
            return this;
        }

        /** Allow {@code http} to a host that is not loopback. A weakening: tokens and the client secret travel in clear. */
        public Builder allowInsecureHttp() {
            this.allowInsecureHttp = true;
            return this;
        }

        /** Clock skew allowed on {@code exp}, {@code nbf}, {@code iat} (default 60 s). */
        public Builder clockSkew(Duration skew) {
            requireUnset(this.skew, "clockSkew");
            this.skew = nonNegative(skew, "clockSkew");
            return this;
        }

        /** The longest an active answer is reused (default 60 s): the delay before a revocation is seen. */
        public Builder maxCacheLifetime(Duration lifetime) {
            requireUnset(maxCacheLifetime, "maxCacheLifetime");
            this.maxCacheLifetime = nonNegative(lifetime, "maxCacheLifetime");
            return this;
        }

        /** How long an inactive or refused answer is reused (default 5 s). */
        public Builder inactiveCacheLifetime(Duration lifetime) {
            requireUnset(inactiveCacheLifetime, "inactiveCacheLifetime");
            this.inactiveCacheLifetime = nonNegative(lifetime, "inactiveCacheLifetime");
            return this;
        }

        /** Deadline of one call (default 5 s). */
        public Builder requestTimeout(Duration timeout) {
            requireUnset(requestTimeout, "requestTimeout");
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * The TLS context for introspection and discovery requests, e.g. one that trusts a private
         * CA. Default: the JDK's (the JVM's CA certificates). Plain {@code http} stays refused except
         * on loopback (or after {@code allowInsecureHttp()}).
         */
        public Builder sslContext(SSLContext context) {
            requireUnset(sslContext, "sslContext");
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /** Connect timeout (default 2 s). */
        public Builder connectTimeout(Duration timeout) {
            requireUnset(connectTimeout, "connectTimeout");
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Calls under way at once at the most (default 32). */
        public Builder maxInFlight(int calls) {
            requireUnset(maxInFlight, "maxInFlight");
            this.maxInFlight = atLeastOne(calls, "maxInFlight");
            return this;
        }

        /** Calls started per second at the most (default 200). */
        public Builder maxCallsPerSecond(int calls) {
            requireUnset(maxCallsPerSecond, "maxCallsPerSecond");
            this.maxCallsPerSecond = atLeastOne(calls, "maxCallsPerSecond");
            return this;
        }

        /** Answers kept at the most (default 100,000). */
        public Builder maxCacheSize(long entries) {
            requireUnset(maxCacheSize, "maxCacheSize");
            this.maxCacheSize = (long) atLeastOne((int) Math.min(Integer.MAX_VALUE, entries), "maxCacheSize");
            return this;
        }

        /** The clock of the time checks and of the call rate (tests advance a fake one). */
        public Builder clock(Clock clock) {
            requireUnset(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The ticker of the answer cache (tests advance a fake one). */
        public Builder ticker(Ticker ticker) {
            requireUnset(this.ticker, "ticker");
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Builds the introspector.
         *
         * @throws IllegalStateException without an endpoint, a client, or an audience rule (or its explicit opt-out)
         * @throws IllegalArgumentException for an endpoint that is not https (http only on loopback,
         *     unless {@link #allowInsecureHttp()})
         */
        public TokenIntrospector build() {
            if (endpoint == null && !discover) {
                throw new IllegalStateException("introspection needs endpoint(..) (the issuer's introspection endpoint) "
                        + "or discoverEndpoint()");
            }
            if (clientId == null) {
                throw new IllegalStateException("introspection needs clientSecretBasic(..), clientSecretPost(..) or "
                        + "privateKeyJwt(..): issuers answer only authenticated clients");
            }
            if (answerKeys != null && answerKeys.policyOf(issuer) == null) {
                throw new IllegalStateException("signed introspection answers are verified with the validator's keys of " + issuer
                        + ", but the validator given to " + (jwtResponses == JwtResponses.REQUIRED ? "requireJwtResponses" : "jwtResponsesWhenOffered")
                        + "(..) does not trust that issuer: give the validator that has issuer(\"" + issuer + "\")");
            }
            if (jwtResponses == JwtResponses.WHEN_OFFERED && !discover) {
                throw new IllegalStateException("jwtResponsesWhenOffered(..) reads introspection_signing_alg_values_supported from the "
                        + "issuer's metadata: use discoverEndpoint(), or requireJwtResponses(..) with endpoint(..)");
            }
            if (assertionAudience != null && assertion == null) {
                throw new IllegalStateException("clientAssertionAudience(..) applies to privateKeyJwt(..) only");
            }
            if (audiences.isEmpty() && !audienceDisabled) {
                throw new IllegalStateException("introspection needs audience(\"...\") or an explicit disableAudienceCheck()");
            }
            if (!audiences.isEmpty() && audienceDisabled) {
                throw new IllegalStateException("audience(..) and disableAudienceCheck() contradict each other");
            }
            if (endpoint != null) {
                HttpFetcher.checkTransport(endpoint, allowInsecureHttp, false);
            } else {
                HttpFetcher.checkTransport(Discovery.openIdConfiguration(issuer), allowInsecureHttp, false);
            }
            return new TokenIntrospector(this);
        }

        private static void requireUnset(Object current, String option) {
            if (current != null) {
                throw new IllegalStateException(option + " is already set");
            }
        }

        private static Duration nonNegative(Duration d, String option) {
            if (Objects.requireNonNull(d, option).isNegative()) {
                throw new IllegalArgumentException(option + " must not be negative");
            }
            return d;
        }

        private static Duration positive(Duration d, String option) {
            if (Objects.requireNonNull(d, option).isNegative() || d.isZero()) {
                throw new IllegalArgumentException(option + " must be positive");
            }
            return d;
        }

        private static int atLeastOne(int n, String option) {
            if (n < 1) {
                throw new IllegalArgumentException(option + " must be at least 1");
            }
            return n;
        }
    }
}
