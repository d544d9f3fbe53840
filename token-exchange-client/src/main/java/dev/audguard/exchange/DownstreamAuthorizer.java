package dev.audguard.exchange;

import dev.audguard.core.internal.Urls;
import dev.audguard.exchange.internal.Challenges;
import dev.audguard.exchange.internal.TargetPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The framework-neutral core of every outbound integration: which configured target a URL belongs
 * to, the {@code Authorization} header to call it with on behalf of a subject, and the rule for a
 * target that refuses the token. {@link ExchangingHttpClient} and the JAX-RS, Spring and servlet
 * adapters all build on it, so the exchange logic exists once.
 *
 * <pre>{@code
 * DownstreamAuthorizer downstream = DownstreamAuthorizer.builder(exchangeClient)
 *     .target("service-c", serviceC, t -> t.audience("service-c"))       // serviceC: the base URL, e.g. https://c.internal/api
 *     .build();
 *
 * DownstreamAuthorization auth = downstream.authorize(url, subject);     // refuses URLs of no target
 * HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
 *     .header("Authorization", auth.headerValue()).build(), HttpResponse.BodyHandlers.ofString());
 * Optional<DownstreamAuthorization> retry = downstream.retryFor(auth, response.statusCode(),
 *     response.headers().allValues("WWW-Authenticate"));
 * if (retry.isPresent()) {                                                // 401 invalid_token, the first time
 *     response = http.send(HttpRequest.newBuilder(url)
 *         .header("Authorization", retry.get().headerValue()).build(), HttpResponse.BodyHandlers.ofString());
 * }                                                                       // a second 401 goes to the caller
 * }</pre>
 *
 * <p>The subject token itself is never part of an authorization: only exchanged tokens are. The
 * most specific target wins when several cover a URL. Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 section 3.1 (invalid_token)</a>
 */
public final class DownstreamAuthorizer {
    private static final Logger log = LoggerFactory.getLogger(DownstreamAuthorizer.class);

    private final TokenExchangeClient exchangeClient;
    private final List<DownstreamTarget> targets;

    private DownstreamAuthorizer(TokenExchangeClient exchangeClient, List<DownstreamTarget> targets) {
        this.exchangeClient = exchangeClient;
        this.targets = List.copyOf(targets);
    }

    /** A builder for targets reached with tokens from {@code exchangeClient}. */
    public static Builder builder(TokenExchangeClient exchangeClient) {
        return new Builder(Objects.requireNonNull(exchangeClient, "exchangeClient"));
    }

    /** The configured targets, in configuration order. */
    public List<DownstreamTarget> targets() {
        return targets;
    }

    /**
     * The target {@code url} belongs to (the most specific one), or empty when it belongs to none,
     * including when its path is spelled in a way servers read differently (see
     * {@link DownstreamTarget}).
     */
    public Optional<DownstreamTarget> targetFor(URI url) {
        Objects.requireNonNull(url, "url");
        TargetPath.Result path = TargetPath.of(url.getRawPath());
        if (path.isRefused() && log.isDebugEnabled()) {
            log.debug("{} belongs to no target: its path has {}, which servers read differently", Urls.withoutQuery(url),
                    path.refusal());
        }
        DownstreamTarget best = null;
        int bestLength = -1;
        for (DownstreamTarget target : targets) {
            int length = target.matchLength(url, path);
            if (length > bestLength) {
                best = target;
                bestLength = length;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The authorization for calling {@code url} on behalf of {@code subject}: the target's exchanged
     * token, from the cache when possible.
     *
     * @throws UnknownDownstreamException when {@code url} belongs to no target
     * @throws TokenExchangeException when the exchange fails, or the issued token is not a bearer token
     */
    public DownstreamAuthorization authorize(URI url, SubjectToken subject) {
        return join(authorizeAsync(url, subject));
    }

    /**
     * As {@link #authorize(URI, SubjectToken)}, without blocking; the future fails with a
     * {@link TokenExchangeException}.
     *
     * @throws UnknownDownstreamException at the call, when {@code url} belongs to no target
     */
    public CompletableFuture<DownstreamAuthorization> authorizeAsync(URI url, SubjectToken subject) {
        Objects.requireNonNull(subject, "subject");
        DownstreamTarget target = targetFor(url).orElseThrow(() -> new UnknownDownstreamException(Urls.withoutQuery(url)));
        ExchangeRequest request = target.requestFor(subject);
        return exchangeClient.exchangeAsync(request).thenApply(token -> authorization(target, request, token, false));
    }

    /**
     * The one-retry rule, in one call. When {@code status} and {@code wwwAuthenticate} say the
     * target refused {@code used} as an invalid token ({@code 401} with a {@code Bearer} challenge
     * carrying {@code error="invalid_token"}) and {@code used} was not itself a retry: drops the
     * cached token, exchanges again and returns the new authorization to resend the request with.
     * Otherwise empty: hand the response to the caller (a second refusal never loops).
     *
     * @param wwwAuthenticate every {@code WWW-Authenticate} header value of the response (may be empty)
     * @throws TokenExchangeException when the new exchange fails
     */
    public Optional<DownstreamAuthorization> retryFor(DownstreamAuthorization used, int status, List<String> wwwAuthenticate) {
        return join(retryForAsync(used, status, wwwAuthenticate));
    }

    /** As {@link #retryFor}, without blocking. */
    public CompletableFuture<Optional<DownstreamAuthorization>> retryForAsync(DownstreamAuthorization used, int status,
                                                                             List<String> wwwAuthenticate) {
        Objects.requireNonNull(used, "used");
        if (used.isRetry() || !isInvalidTokenChallenge(status, wwwAuthenticate)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        invalidate(used);
        log.debug("Target {} refused exchanged token {}; exchanging again for one retry", used.target().name(),
                used.tokenFingerprint());
        return exchangeClient.exchangeAsync(used.request())
                .thenApply(token -> Optional.of(authorization(used.target(), used.request(), token, true)));
    }

    /**
     * Drops the cached token behind {@code rejected}, for integrations that cannot resend a request
     * (the next request exchanges again).
     *
     * @return whether a cache entry was dropped
     */
    public boolean invalidate(DownstreamAuthorization rejected) {
        Objects.requireNonNull(rejected, "rejected");
        return exchangeClient.invalidate(rejected.request(), rejected.token());
    }

    /**
     * Whether a response refuses its bearer token: status 401 and a {@code Bearer} challenge with
     * {@code error="invalid_token"} in one of the {@code WWW-Authenticate} values.
     */
    public static boolean isInvalidTokenChallenge(int status, List<String> wwwAuthenticate) {
        return Challenges.isInvalidToken(status, wwwAuthenticate);
    }

    private DownstreamAuthorization authorization(DownstreamTarget target, ExchangeRequest request, ExchangedToken token,
                                                         boolean retry) {
        if (!token.isBearer() && !token.isDpopBound()) {
            log.warn("Target {} is configured to request token type {}, which the issuer issued as token_type {}: not a bearer "
                    + "token, so it is not sent", target.name(), request.requestedTokenType().orElse("(default)"), token.tokenType());
            throw new TokenExchangeException(TokenExchangeException.Category.CONFIGURATION, "the issued token is not a bearer token",
                    null, null, null, null, null);
        }
        return new DownstreamAuthorization(target, request, token, retry, exchangeClient().dpopSigner().orElse(null));
    }

    TokenExchangeClient exchangeClient() {
        return exchangeClient;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenExchangeException(TokenExchangeException.Category.ISSUER_UNAVAILABLE, "interrupted", null, null, null,
                    null, e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TokenExchangeException exchange) {
                throw TokenExchangeClient.translate(exchange);
            }
            throw TokenExchangeClient.translate(e);
        }
    }

    @Override
    public String toString() {
        return "DownstreamAuthorizer{client=" + exchangeClient.clientId() + ", targets=" + targets + '}';
    }

    /**
     * Configures a {@link DownstreamAuthorizer}: at least one target; names unique; no two targets
     * with the same base URL. Not thread-safe; {@link #build()} can run again.
     */
    public static final class Builder {
        private final TokenExchangeClient exchangeClient;
        private final Map<String, DownstreamTarget> targets = new LinkedHashMap<>();

        private Builder(TokenExchangeClient exchangeClient) {
            this.exchangeClient = exchangeClient;
        }

        /** As {@link #target(String, URI, Consumer)}, with the base URL as a string. */
        public Builder target(String name, String baseUrl, Consumer<DownstreamTarget.Builder> options) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            URI uri;
            try {
                uri = new URI(baseUrl);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("target " + name + ": the base URL is not a URL");
            }
            return target(name, uri, options);
        }

        /**
         * A target: requests to URLs under {@code baseUrl} get tokens exchanged with the options
         * (at least an audience or a resource).
         *
         * @throws IllegalArgumentException for a duplicate name or base URL, or an unusable base URL
         * @throws IllegalStateException when the options name neither an audience nor a resource
         */
        public Builder target(String name, URI baseUrl, Consumer<DownstreamTarget.Builder> options) {
            Objects.requireNonNull(options, "options");
            DownstreamTarget.Builder builder = DownstreamTarget.builder(name, baseUrl);
            if (targets.containsKey(name)) {
                throw new IllegalArgumentException("target " + name + " was already added");
            }
            options.accept(builder);
            DownstreamTarget target = builder.build();
            for (DownstreamTarget other : targets.values()) {
                if (other.matchLength(baseUrl) >= 0 && target.matchLength(other.baseUrl()) >= 0) {
                    throw new IllegalArgumentException("targets " + other.name() + " and " + name + " have the same base URL");
                }
            }
            targets.put(name, target);
            return this;
        }

        /**
         * @throws IllegalStateException without any target
         */
        public DownstreamAuthorizer build() {
            if (targets.isEmpty()) {
                throw new IllegalStateException("no downstream target: call target(..)");
            }
            return new DownstreamAuthorizer(exchangeClient, new ArrayList<>(targets.values()));
        }
    }
}
