package dev.audguard.exchange;

import static dev.audguard.core.internal.Options.either;
import static dev.audguard.core.internal.Options.nonBlank;
import static dev.audguard.core.internal.Options.positive;
import static dev.audguard.core.internal.Options.requireUnset;

import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.core.internal.Urls;
import dev.audguard.exchange.internal.ClientAuth;
import dev.audguard.exchange.internal.EndpointResolver;
import dev.audguard.exchange.internal.ExchangeEngine;
import dev.audguard.exchange.internal.ExchangeFailure;
import dev.audguard.exchange.internal.Retrier;
import dev.audguard.exchange.internal.RetryPolicy;
import dev.audguard.exchange.internal.TokenCall;
import dev.audguard.exchange.internal.Transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Exchanges a token a service received for one meant for another service (RFC 8693 token
 * exchange), so that the service never forwards the token it was given.
 *
 * <pre>{@code
 * TokenExchangeClient exchangeClient = TokenExchangeClient.builder()
 *     .issuer(issuerUrl)                         // e.g. https://idp.example.com/realms/demo; discovery on first use
 *     .clientSecret("service-b", secret)         // client_secret_basic
 *     .build();                                  // immutable, thread-safe, share one per service
 * ExchangedToken token = exchangeClient.exchange(ExchangeRequest.forSubject(verifiedToken).audience("service-c").build());
 * }</pre>
 *
 * <p>Exchanged tokens are cached (bounded, 10,000 by default) under every parameter that changes
 * the issuer's answer: the client, the SHA-256 of the subject token, the audiences, resources and
 * scopes (sorted), the requested token type and the actor token's SHA-256. An entry lives until the
 * exchanged token's expiry less a skew (30 s by default) and never past the subject token's own
 * expiry; when the subject's expiry is unknown nothing is cached. Concurrent misses for one entry
 * share one exchange. Failures are not cached.
 *
 * <p>Network errors, timeouts, {@code 5xx} and {@code 429} are retried with jittered exponential
 * backoff (3 attempts in all by default), honouring {@code Retry-After} up to a bound; no other
 * {@code 4xx} is retried. Failures raise a {@link TokenExchangeException} whose
 * {@link TokenExchangeException.Category} says how an adapter answers its own caller.
 *
 * <p>No token, secret or key reaches a log, an event or an exception message. Immutable and
 * thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693">RFC 8693</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7523#section-2.2">RFC 7523 section 2.2 (private_key_jwt)</a>
 */
public final class TokenExchangeClient {
    private final ExchangeEngine engine;
    private final String clientId;
    private final DpopProofSigner dpop;

    private TokenExchangeClient(ExchangeEngine engine, String clientId, DpopProofSigner dpop) {
        this.engine = engine;
        this.clientId = clientId;
        this.dpop = dpop;
    }

    /** The DPoP key exchanged tokens are bound to, when {@link Builder#dpop(DpopProofSigner)} was set. */
    public Optional<DpopProofSigner> dpopSigner() {
        return Optional.ofNullable(dpop);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The exchanged token for {@code request}: from the cache when a live entry exists, else from
     * the issuer (joining an exchange already in flight for the same parameters).
     *
     * @throws TokenExchangeException with the category of the failure
     */
    public ExchangedToken exchange(ExchangeRequest request) {
        CompletableFuture<ExchangedToken> future = exchangeAsync(request);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new TokenExchangeException(TokenExchangeException.Category.ISSUER_UNAVAILABLE, "interrupted", null, null, null,
                    null, e);
        } catch (ExecutionException e) {
            throw translate(e);
        }
    }

    /**
     * As {@link #exchange(ExchangeRequest)}, without blocking: the future fails with a
     * {@link TokenExchangeException}. Cancelling it does not cancel an exchange other callers share.
     */
    public CompletableFuture<ExchangedToken> exchangeAsync(ExchangeRequest request) {
        Objects.requireNonNull(request, "request");
        return engine.exchange(request.parameters()).handle((issued, error) -> {
            if (error != null) {
                throw translate(error);
            }
            return new ExchangedToken(issued);
        });
    }

    /**
     * Drops the cached token for {@code request} if it is still {@code rejected}, because a
     * downstream service refused it ({@code 401 invalid_token}); the next exchange asks the issuer
     * again. A newer token another caller fetched meanwhile stays.
     *
     * @return whether a cache entry was dropped
     */
    public boolean invalidate(ExchangeRequest request, ExchangedToken rejected) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(rejected, "rejected");
        return engine.invalidate(request.parameters(), rejected.accessToken());
    }

    /** The client id this client authenticates as. */
    public String clientId() {
        return clientId;
    }

    /** How many exchanged tokens are cached right now (an estimate), for metrics. */
    public long cachedTokens() {
        return engine.cachedTokens();
    }

    static TokenExchangeException translate(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TokenExchangeException already) {
            // a new instance per caller: a shared exchange must not share a mutable exception
            return new TokenExchangeException(already.category(), already.detail(), already.issuerError().orElse(null),
                    already.issuerErrorDescription().orElse(null),
                    already.issuerStatus().isPresent() ? already.issuerStatus().getAsInt() : null,
                    already.retryAfter().orElse(null), already.getCause());
        }
        ExchangeFailure failure = ExchangeFailure.unwrap(cause);
        return new TokenExchangeException(failure.category(), failure.problem(), failure.issuerError(), failure.issuerErrorDescription(),
                failure.issuerStatus(), failure.retryAfter(), failure);
    }

    @Override
    public String toString() {
        return "TokenExchangeClient{" + engine + '}';
    }

    /**
     * Configures a {@link TokenExchangeClient}. Each option can be set once; contradictions fail at
     * the call or at {@link #build()}, which never touches the network and can run again.
     *
     * <p>Required: where the token endpoint is ({@link #tokenEndpoint(URI)} or {@link #issuer(String)})
     * and how the client authenticates ({@link #clientSecret}, {@link #clientSecretPost} or
     * {@link #privateKeyJwt}).
     *
     * <p>Defaults: HTTPS required except on loopback; 2 s connect timeout; 5 s deadline per request;
     * 256 KiB maximum response; cache of 10,000 tokens, 30 s expiry skew; 60 s lifetime for a token
     * whose lifetime the issuer did not give and cannot be read; 3 attempts with backoff from 200 ms
     * to 2 s (equal jitter), a {@code Retry-After} of up to 5 s honoured (a longer one fails at once,
     * carrying it); the system clock; no listener; no redirects followed.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        static final int DEFAULT_CACHE_SIZE = 10_000;

        private URI tokenEndpoint;
        private String issuer;
        private ClientAuth auth;
        private String assertionAudience;
        private Boolean allowInsecureHttp;
        private Duration connectTimeout;
        private Duration requestTimeout;
        private HttpClient httpClient;
        private Clock clock;
        private ExchangeListener listener;
        private Integer cacheSize;
        private Duration expirySkew;
        private Duration defaultTokenLifetime;
        private Integer maxAttempts;
        private Duration initialBackoff;
        private Duration maxBackoff;
        private Duration maxRetryAfter;
        private RetryScheduler retryScheduler;
        private Integer maxResponseSize;
        private DpopProofSigner dpop;
        private SharedTokenCache sharedCache;
        private Duration sharedCacheTimeout;

        private Builder() {
        }

        /** The token endpoint, used as is (no discovery). */
        public Builder tokenEndpoint(URI tokenEndpoint) {
            requireUnset(this.tokenEndpoint, "tokenEndpoint");
            Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
            if (!Urls.isHttpUrl(tokenEndpoint)) {
                throw new IllegalArgumentException("the token endpoint must be an absolute http(s) URL without user info or fragment");
            }
            this.tokenEndpoint = tokenEndpoint;
            return this;
        }

        /**
         * The issuer (such as {@code https://idp/realms/demo}). Without {@link #tokenEndpoint(URI)},
         * the token endpoint is read from its discovery document on the first exchange; the
         * document's {@code issuer} must equal this exactly. With {@link #privateKeyJwt}, client
         * assertions are addressed to the issuer.
         */
        public Builder issuer(String issuer) {
            requireUnset(this.issuer, "issuer");
            Objects.requireNonNull(issuer, "issuer");
            URI uri;
            try {
                uri = new URI(issuer);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("the issuer must be an absolute http(s) URL");
            }
            if (!Urls.isHttpUrl(uri) || uri.getRawQuery() != null) {
                throw new IllegalArgumentException("the issuer must be an absolute http(s) URL without query, user info or fragment");
            }
            this.issuer = issuer;
            return this;
        }

        /** {@code client_secret_basic}: the client id and secret in HTTP Basic (RFC 6749 section 2.3.1), Keycloak's default. */
        public Builder clientSecret(String clientId, String secret) {
            onceAuth();
            this.auth = ClientAuth.Secret.basic(nonBlank(clientId, "clientId"), nonBlank(secret, "secret"));
            return this;
        }

        /** {@code client_secret_post}: the client id and secret in the request body. */
        public Builder clientSecretPost(String clientId, String secret) {
            onceAuth();
            this.auth = ClientAuth.Secret.post(nonBlank(clientId, "clientId"), nonBlank(secret, "secret"));
            return this;
        }

        /**
         * {@code private_key_jwt} (RFC 7523): each request carries a fresh assertion signed with
         * {@code key}, with {@code iss} = {@code sub} = the client id, a random {@code jti}, and an
         * {@code exp} 60 s after {@code iat}. Its {@code aud} is the issuer when one is configured,
         * else the token endpoint, unless {@link #clientAssertionAudience(String)} says otherwise.
         *
         * @param keyId     the {@code kid} the issuer knows the public key by, or null
         * @param algorithm RS256/384/512, PS256/384/512 or ES256/384/512, fitting the key
         * @throws IllegalArgumentException when the algorithm does not fit the key
         */
        public Builder privateKeyJwt(String clientId, PrivateKey key, String keyId, String algorithm) {
            onceAuth();
            this.auth = new ClientAuth.PrivateKeyJwt(nonBlank(clientId, "clientId"), key, keyId, algorithm);
            return this;
        }

        /**
         * {@code private_key_jwt} with a private RSA or EC JWK; the algorithm comes from its
         * {@code alg} (else RS256 for RSA, the curve's for EC), the key id from its {@code kid}.
         *
         * @throws IllegalArgumentException when the JSON is not a usable private JWK (the message never contains key material)
         */
        public Builder privateKeyJwt(String clientId, String privateJwkJson) {
            onceAuth();
            this.auth = ClientAuth.PrivateKeyJwt.fromJwk(nonBlank(clientId, "clientId"), privateJwkJson);
            return this;
        }

        /** The {@code aud} of {@code private_key_jwt} assertions, for issuers that want another value than the default. */
        public Builder clientAssertionAudience(String audience) {
            requireUnset(this.assertionAudience, "clientAssertionAudience");
            this.assertionAudience = nonBlank(audience, "audience");
            return this;
        }

        /**
         * Allows plain HTTP to any host for discovery and the token endpoint. Never in production:
         * the client's credentials and every subject token would cross the network readable.
         */
        public Builder allowInsecureHttp() {
            requireUnset(this.allowInsecureHttp, "allowInsecureHttp");
            this.allowInsecureHttp = true;
            return this;
        }

        /** Connect timeout (default 2 s). Not with {@link #httpClient(HttpClient)}, which has its own. */
        public Builder connectTimeout(Duration timeout) {
            requireUnset(this.connectTimeout, "connectTimeout");
            if (httpClient != null) {
                throw new IllegalStateException("connectTimeout is part of the HttpClient given to httpClient(..)");
            }
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Deadline for each request to the issuer, body included (default 5 s). */
        public Builder requestTimeout(Duration timeout) {
            requireUnset(this.requestTimeout, "requestTimeout");
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * The HTTP client to reach the issuer with (for a proxy or an {@code SSLContext}). It must
         * not follow redirects: a redirect would carry the client's credentials and the subject
         * token elsewhere.
         *
         * @throws IllegalArgumentException when it follows redirects
         */
        public Builder httpClient(HttpClient client) {
            requireUnset(this.httpClient, "httpClient");
            Objects.requireNonNull(client, "client");
            if (connectTimeout != null) {
                throw new IllegalStateException("connectTimeout is part of the HttpClient given to httpClient(..)");
            }
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("the HttpClient must not follow redirects (HttpClient.Redirect.NEVER)");
            }
            this.httpClient = client;
            return this;
        }

        /**
         * Sends a DPoP proof (RFC 9449 section 5) signed by {@code signer} with every token request, so that the
         * issuer binds exchanged tokens to its key ({@code token_type} {@code DPoP}, {@code cnf.jkt}). A
         * {@code 400 use_dpop_nonce} answer with a {@code DPoP-Nonce} header is retried once with that nonce,
         * and the nonce is sent in later proofs. {@link ExchangingHttpClient} then sends
         * {@code Authorization: DPoP <token>} with a proof for each downstream request. Default: no proofs,
         * and a {@code DPoP} {@code token_type} is refused as an invalid response.
         *
         * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-5">RFC 9449 section 5</a>
         */
        public Builder dpop(DpopProofSigner signer) {
            requireUnset(this.dpop, "dpop");
            this.dpop = Objects.requireNonNull(signer, "signer");
            return this;
        }

        /** The clock for expiries, cache lifetimes, assertions and {@code Retry-After} dates; tests pass a controllable one. */
        public Builder clock(Clock clock) {
            requireUnset(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Receives exchange, cache-hit, retry and failure events. */
        public Builder listener(ExchangeListener listener) {
            requireUnset(this.listener, "listener");
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How many exchanged tokens to keep (default 10,000). */
        public Builder cacheSize(int entries) {
            requireUnset(this.cacheSize, "the cache");
            if (entries < 1) {
                throw new IllegalArgumentException("use disableCache() to turn the cache off");
            }
            this.cacheSize = entries;
            return this;
        }

        /** Asks the issuer on every exchange (concurrent identical exchanges are still not shared). */
        public Builder disableCache() {
            requireUnset(this.cacheSize, "the cache");
            this.cacheSize = 0;
            return this;
        }

        /**
         * A cache shared by the service's instances (for example Redis), behind this instance's own:
         * read before an exchange, written after one, so that a fleet exchanges once per subject and
         * target. A failing shared cache is an empty one: the client exchanges and never refuses
         * because of it. See {@link SharedTokenCache} for what is stored.
         */
        public Builder sharedCache(SharedTokenCache cache) {
            requireUnset(this.sharedCache, "sharedCache");
            this.sharedCache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** The longest an exchange waits for the shared cache's answer before exchanging anyway (default 250 ms; 10 ms to 5 s). */
        public Builder sharedCacheTimeout(Duration timeout) {
            requireUnset(this.sharedCacheTimeout, "sharedCacheTimeout");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.compareTo(Duration.ofMillis(10)) < 0 || timeout.compareTo(Duration.ofSeconds(5)) > 0) {
                throw new IllegalArgumentException("sharedCacheTimeout must be between 10 ms and 5 s, not " + timeout);
            }
            this.sharedCacheTimeout = timeout;
            return this;
        }

        /** How long before the exchanged token's expiry a cached token stops being used (default 30 s). */
        public Builder expirySkew(Duration skew) {
            requireUnset(this.expirySkew, "expirySkew");
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative()) {
                throw new IllegalArgumentException("expirySkew must not be negative");
            }
            this.expirySkew = skew;
            return this;
        }

        /** The lifetime assumed for a token without {@code expires_in} that is not a JWT with {@code exp} (default 60 s). */
        public Builder defaultTokenLifetime(Duration lifetime) {
            requireUnset(this.defaultTokenLifetime, "defaultTokenLifetime");
            this.defaultTokenLifetime = positive(lifetime, "defaultTokenLifetime");
            return this;
        }

        /** Attempts in all for an exchange that fails in a way another attempt may fix (default 3; 1 to 10). */
        public Builder maxAttempts(int attempts) {
            requireUnset(this.maxAttempts, "retries");
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 10");
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** One attempt per exchange: failures surface at once. */
        public Builder disableRetries() {
            requireUnset(this.maxAttempts, "retries");
            this.maxAttempts = 1;
            return this;
        }

        /** The backoff before the second attempt, doubling up to {@code max}; each delay is drawn from the upper half (default 200 ms, 2 s). */
        public Builder retryBackoff(Duration initial, Duration max) {
            requireUnset(this.initialBackoff, "retryBackoff");
            if (positive(initial, "initial").compareTo(positive(max, "max")) > 0) {
                throw new IllegalArgumentException("the initial backoff exceeds the maximum");
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * The longest {@code Retry-After} waited for (default 5 s); a longer one ends the retries at
         * once, and the {@link TokenExchangeException} carries it.
         */
        public Builder maxRetryAfter(Duration max) {
            requireUnset(this.maxRetryAfter, "maxRetryAfter");
            Objects.requireNonNull(max, "max");
            if (max.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must not be negative");
            }
            this.maxRetryAfter = max;
            return this;
        }

        /** How retries wait (default {@link RetryScheduler#system()}); tests pass one that does not wait. */
        public Builder retryScheduler(RetryScheduler scheduler) {
            requireUnset(this.retryScheduler, "retryScheduler");
            this.retryScheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Larger issuer responses are an invalid response (default 256 KiB). */
        public Builder maxResponseSize(int bytes) {
            requireUnset(this.maxResponseSize, "maxResponseSize");
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxResponseSize must be at least 1024 bytes");
            }
            this.maxResponseSize = bytes;
            return this;
        }

        /**
         * Builds the client. Never touches the network.
         *
         * @throws IllegalStateException without a token endpoint or issuer, without client
         *     authentication, or with a client assertion audience but no {@code private_key_jwt}
         * @throws IllegalArgumentException when the token endpoint or issuer is plain HTTP to a
         *     non-loopback host and {@link #allowInsecureHttp()} was not called
         */
        public TokenExchangeClient build() {
            if (tokenEndpoint == null && issuer == null) {
                throw new IllegalStateException("no token endpoint: call tokenEndpoint(..) or issuer(..)");
            }
            if (auth == null) {
                throw new IllegalStateException("no client authentication: call clientSecret(..), clientSecretPost(..) or privateKeyJwt(..)");
            }
            if (sharedCache != null && Integer.valueOf(0).equals(cacheSize)) {
                throw new IllegalStateException("sharedCache(..) and disableCache() contradict each other: drop one");
            }
            if (sharedCacheTimeout != null && sharedCache == null) {
                throw new IllegalStateException("sharedCacheTimeout(..) applies to sharedCache(..), which is not set");
            }
            if (assertionAudience != null && !(auth instanceof ClientAuth.PrivateKeyJwt)) {
                throw new IllegalStateException("clientAssertionAudience(..) applies to privateKeyJwt(..) only");
            }
            boolean insecure = Boolean.TRUE.equals(allowInsecureHttp);
            if (tokenEndpoint != null && !Urls.isSecureEnough(tokenEndpoint, insecure)) {
                throw new IllegalArgumentException("the token endpoint must use https (plain http is allowed only on loopback, "
                        + "or everywhere after allowInsecureHttp())");
            }
            if (issuer != null && !Urls.isSecureEnough(URI.create(issuer), insecure)) {
                throw new IllegalArgumentException("the issuer must use https (plain http is allowed only on loopback, "
                        + "or everywhere after allowInsecureHttp())");
            }
            Clock c = clock != null ? clock : Clock.systemUTC();
            HttpClient client = httpClient != null ? httpClient : HttpClient.newBuilder()
                    .connectTimeout(either(connectTimeout, Duration.ofSeconds(2)))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            Transport transport = new Transport(client, either(requestTimeout, Duration.ofSeconds(5)),
                    either(maxResponseSize, 256 * 1024));
            EndpointResolver endpoints = tokenEndpoint != null ? EndpointResolver.fixed(tokenEndpoint)
                    : EndpointResolver.discovering(issuer, transport, insecure, c);
            String audience = assertionAudience != null ? assertionAudience
                    : auth instanceof ClientAuth.PrivateKeyJwt && issuer != null ? issuer : null;
            TokenCall call = new TokenCall(transport, auth, c, either(expirySkew, Duration.ofSeconds(30)),
                    either(defaultTokenLifetime, Duration.ofSeconds(60)), dpop);
            Retrier retrier = new Retrier(new RetryPolicy(either(maxAttempts, 3), either(initialBackoff, Duration.ofMillis(200)),
                    either(maxBackoff, Duration.ofSeconds(2)), either(maxRetryAfter, Duration.ofSeconds(5))),
                    either(retryScheduler, RetryScheduler.system()));
            ExchangeEngine engine = new ExchangeEngine(new ExchangeEngine.Settings(auth, endpoints, audience, call, retrier,
                    either(listener, ExchangeListener.none()), c, either(cacheSize, DEFAULT_CACHE_SIZE), sharedCache,
                    dpop == null ? null : dpop.thumbprint(), either(sharedCacheTimeout, Duration.ofMillis(250))));
            return new TokenExchangeClient(engine, auth.clientId(), dpop);
        }

        private void onceAuth() {
            if (auth != null) {
                throw new IllegalStateException("client authentication was already set (" + auth.method() + ")");
            }
        }
    }
}
