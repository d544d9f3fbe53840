package dev.audguard.exchange;

import dev.audguard.core.VerifiedToken;
import dev.audguard.core.internal.Options;
import dev.audguard.core.internal.Urls;
import dev.audguard.exchange.internal.HttpChain;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link HttpClient} wrapper that calls downstream services with exchanged tokens: for each
 * request it finds the {@link DownstreamTarget} the URL belongs to, takes the current subject
 * token, exchanges it (cache first) and sends the request with
 * {@code Authorization: Bearer <exchanged token>}. The subject token itself is never sent. When the
 * exchange client has a DPoP key ({@link TokenExchangeClient.Builder#dpop}) and the issuer bound the
 * token to it, the request carries {@code Authorization: DPoP <exchanged token>} and a {@code DPoP}
 * proof for its method and URI with {@code ath}; a {@code 401} with {@code error="use_dpop_nonce"} and
 * a {@code DPoP-Nonce} header is retried once with a proof carrying that nonce.
 *
 * <pre>{@code
 * ExchangingHttpClient exchanging = ExchangingHttpClient.builder(downstream)   // a DownstreamAuthorizer
 *     .subjectTokenSource(source)                                           // the inbound request's token, from the adapter
 *     .build();
 * HttpRequest request = HttpRequest.newBuilder(serviceC.resolve("api/orders")).build();
 * HttpResponse<String> response = exchanging.send(request, HttpResponse.BodyHandlers.ofString());
 * // or with an explicit subject:
 * response = exchanging.forSubject(verifiedToken).send(request, HttpResponse.BodyHandlers.ofString());
 * }</pre>
 *
 * <p>Refused at the call, before anything is sent: a URL that belongs to no target
 * ({@link UnknownDownstreamException}), a request that already has an {@code Authorization}
 * header (it is never silently overwritten), and a call without a subject token.
 *
 * <p>Each call runs through a chain of {@link Interceptor}s (OkHttp's model): the ones added with
 * {@link Builder#addInterceptor}, then the retry step, then the bearer step, then the wrapped
 * client. The bearer step takes the target's exchanged token from the exchange client's cache
 * (exchanging on a miss, one exchange for concurrent callers) and sets it. The retry step: when
 * the target answers {@code 401} with {@code error="invalid_token"}, that response's body is
 * discarded, the cached token is dropped, the subject token is exchanged again and the request
 * is sent once more; a {@code 401} on the request that carried the fresh token is returned to the
 * caller (one retry per call, never a loop; OkHttp's {@code Authenticator} rule). A retry resends
 * the request's {@link HttpRequest.BodyPublisher}: the JDK's in-memory and file publishers
 * ({@code ofString}, {@code ofByteArray}, {@code ofFile}, {@code noBody}) can be sent twice, but a
 * streaming one ({@code ofInputStream} with a supplier that cannot reopen, {@code fromPublisher})
 * may have nothing left: send such bodies only where a retry cannot happen, or buffer them.
 *
 * <p>The wrapped client must not follow redirects: a redirect would carry the exchanged token to
 * wherever the target points. Exchange failures surface as {@link TokenExchangeException}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExchangingHttpClient {
    private final DownstreamAuthorizer authorizer;
    private final HttpClient client;
    private final SubjectTokenSource source;
    private final SubjectToken fixedSubject;
    private final List<Interceptor> interceptors;

    private ExchangingHttpClient(DownstreamAuthorizer authorizer, HttpClient client, SubjectTokenSource source,
                                 SubjectToken fixedSubject, List<Interceptor> interceptors) {
        this.authorizer = authorizer;
        this.client = client;
        this.source = source;
        this.fixedSubject = fixedSubject;
        this.interceptors = List.copyOf(interceptors);
    }

    /** A builder for a client that authorizes requests through {@code authorizer}. */
    public static Builder builder(DownstreamAuthorizer authorizer) {
        return new Builder(Objects.requireNonNull(authorizer, "authorizer"));
    }

    /** This client, calling on behalf of {@code subject} instead of asking the subject token source. */
    public ExchangingHttpClient forSubject(SubjectToken subject) {
        return new ExchangingHttpClient(authorizer, client, source, Objects.requireNonNull(subject, "subject"), interceptors);
    }

    /** This client, calling on behalf of a verified token. */
    public ExchangingHttpClient forSubject(VerifiedToken subject) {
        return forSubject(SubjectToken.of(subject));
    }

    /** The authorizer: targets, and the exchange behind them. */
    public DownstreamAuthorizer authorizer() {
        return authorizer;
    }

    /**
     * Sends {@code request} with an exchanged token and waits for the response.
     *
     * @throws UnknownDownstreamException when the URL belongs to no target
     * @throws IllegalArgumentException when the request already has an {@code Authorization} header
     * @throws IllegalStateException when there is no subject token
     * @throws TokenExchangeException when the exchange fails
     * @throws IOException when sending fails
     * @throws InterruptedException when interrupted while waiting
     */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> future = sendAsync(request, handler);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof TokenExchangeException exchange) {
                throw TokenExchangeClient.translate(exchange);
            }
            if (cause instanceof IOException io) {
                // a new exception, so the caller's stack shows; the original is the cause
                throw new IOException(io.getMessage(), io);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    /**
     * As {@link #send}, without blocking. The subject token is taken now, on the calling thread;
     * the refusals listed on {@link #send} are thrown at the call.
     */
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        if (request.headers().firstValue("Authorization").isPresent()) {
            throw alreadyAuthorized();
        }
        if (authorizer.targetFor(request.uri()).isEmpty()) {
            throw new UnknownDownstreamException(Urls.withoutQuery(request.uri()));
        }
        SubjectToken subject = fixedSubject != null ? fixedSubject : source.currentSubjectToken()
                .orElseThrow(() -> new IllegalStateException("no subject token for this call: configure a SubjectTokenSource "
                        + "that has one, or call forSubject(..)"));
        Call call = new Call();
        List<Interceptor> chain = new ArrayList<>(interceptors.size() + 2);
        chain.addAll(interceptors);
        chain.add(new RetryStep(authorizer, call));
        chain.add(new BearerStep(authorizer, subject, call));
        return HttpChain.start(chain, client, request, handler);
    }

    private static IllegalArgumentException alreadyAuthorized() {
        return new IllegalArgumentException("the request already has an Authorization header; ExchangingHttpClient sets it "
                + "and never overwrites one silently");
    }

    @Override
    public String toString() {
        return "ExchangingHttpClient{" + authorizer + (fixedSubject == null ? "" : ", subject=" + fixedSubject.fingerprint())
                + (interceptors.isEmpty() ? "" : ", interceptors=" + interceptors.size()) + '}';
    }

    /**
     * What the retry and bearer steps of one call share: the authorization last sent, the fresh
     * one after a refusal, and whether the call's one retry is spent. Fields are written and read
     * along one future chain; volatile for interceptors that proceed from other threads.
     */
    private static final class Call {
        private volatile DownstreamAuthorization used;
        private volatile DownstreamAuthorization fresh;
        private final AtomicBoolean retried = new AtomicBoolean();
    }

    /**
     * The retry step: a {@code 401 invalid_token} answer to the call's first token has its body
     * discarded (not handed to the caller's handler), and the request goes once more with a fresh
     * token; after that, a {@code 401} goes back as it is.
     */
    private record RetryStep(DownstreamAuthorizer authorizer, Call call) implements Interceptor {
        @Override
        public <T> CompletableFuture<HttpResponse<T>> intercept(Chain<T> chain) {
            HttpRequest request = chain.request();
            HttpResponse.BodyHandler<T> handler = chain.bodyHandler();
            if (call.retried.get()) {
                return chain.proceed(request, handler);
            }
            HttpResponse.BodyHandler<T> discardRefusal = info -> refused(info.statusCode(), info.headers())
                    ? HttpResponse.BodySubscribers.replacing(null)
                    : handler.apply(info);
            return chain.proceed(request, discardRefusal).thenCompose(response -> {
                DownstreamAuthorization used = call.used;
                if (!refused(response.statusCode(), response.headers()) || used == null || !call.retried.compareAndSet(false, true)) {
                    return CompletableFuture.completedFuture(response);
                }
                return authorizer.retryForAsync(used, response.statusCode(), response.headers().allValues("WWW-Authenticate"))
                        .thenCompose(retry -> {
                            if (retry.isEmpty()) {
                                return CompletableFuture.completedFuture(response);
                            }
                            call.fresh = retry.get();
                            return chain.proceed(request, handler);
                        });
            });
        }

        private static boolean refused(int status, HttpHeaders headers) {
            return DownstreamAuthorizer.isInvalidTokenChallenge(status, headers.allValues("WWW-Authenticate"));
        }
    }

    /**
     * The bearer step: the exchanged token of the request's target (the fresh one after a refusal,
     * else through the exchange client's cache) in {@code Authorization}. A request that reaches it
     * with an {@code Authorization} header already (set by an interceptor) fails.
     */
    private record BearerStep(DownstreamAuthorizer authorizer, SubjectToken subject, Call call) implements Interceptor {
        @Override
        public <T> CompletableFuture<HttpResponse<T>> intercept(Chain<T> chain) {
            HttpRequest request = chain.request();
            if (request.headers().firstValue("Authorization").isPresent()) {
                throw alreadyAuthorized();
            }
            DownstreamAuthorization fresh = call.fresh;
            CompletableFuture<DownstreamAuthorization> authorization = fresh != null
                    && authorizer.targetFor(request.uri()).filter(t -> t == fresh.target()).isPresent()
                    ? CompletableFuture.completedFuture(fresh)
                    : authorizer.authorizeAsync(request.uri(), subject);
            return authorization.thenCompose(used -> {
                call.used = used;
                if (!used.isDpopBound()) {
                    return chain.proceed(HttpRequest.newBuilder(request, (name, value) -> true)
                            .setHeader("Authorization", used.headerValue())
                            .build());
                }
                return dpop(chain, request, used);
            });
        }

        /**
         * RFC 9449 section 7: {@code Authorization: DPoP <token>} and a proof with {@code ath} for this
         * request; a {@code 401} asking for a nonce ({@code use_dpop_nonce}, with {@code DPoP-Nonce})
         * has its body discarded and the request goes once more with a proof carrying that nonce.
         */
        private static <T> CompletableFuture<HttpResponse<T>> dpop(Interceptor.Chain<T> chain, HttpRequest request,
                                                                    DownstreamAuthorization used) {
            HttpResponse.BodyHandler<T> handler = chain.bodyHandler();
            HttpResponse.BodyHandler<T> discardNonceRequest = info -> nonceRequested(used, info.statusCode(), info.headers()) != null
                    ? HttpResponse.BodySubscribers.replacing(null)
                    : handler.apply(info);
            return chain.proceed(withProof(request, used, null), discardNonceRequest).thenCompose(response -> {
                String nonce = nonceRequested(used, response.statusCode(), response.headers());
                if (nonce == null) {
                    return CompletableFuture.completedFuture(response);
                }
                return chain.proceed(withProof(request, used, nonce), handler);
            });
        }

        private static HttpRequest withProof(HttpRequest request, DownstreamAuthorization used, String nonce) {
            return HttpRequest.newBuilder(request, (name, value) -> true)
                    .setHeader("Authorization", used.headerValue())
                    .setHeader("DPoP", used.dpopProof(request.method(), request.uri(), nonce).orElseThrow())
                    .build();
        }

        /** The nonce a {@code 401 use_dpop_nonce} answer gives, or null for any other answer. */
        private static String nonceRequested(DownstreamAuthorization used, int status, HttpHeaders headers) {
            return used.nonceRequested(status, headers.allValues("WWW-Authenticate"), headers.firstValue("DPoP-Nonce").orElse(null))
                    .orElse(null);
        }
    }

    /**
     * Configures an {@link ExchangingHttpClient}. Defaults: a new {@link HttpClient} that follows no
     * redirects, with a 2 s connect timeout; no subject token source (every call then needs
     * {@link ExchangingHttpClient#forSubject}); no interceptors. Each option can be set once
     * (interceptors can be added several times). Not thread-safe.
     */
    public static final class Builder {
        private final DownstreamAuthorizer authorizer;
        private HttpClient client;
        private SubjectTokenSource source;
        private final List<Interceptor> interceptors = new ArrayList<>();

        private Builder(DownstreamAuthorizer authorizer) {
            this.authorizer = authorizer;
        }

        /**
         * The client to send with (for a proxy, an {@code SSLContext}, an executor).
         *
         * @throws IllegalArgumentException when it follows redirects
         */
        public Builder httpClient(HttpClient client) {
            Options.requireUnset(this.client, "httpClient");
            Objects.requireNonNull(client, "client");
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("the HttpClient must not follow redirects (HttpClient.Redirect.NEVER): a redirect "
                        + "would carry the exchanged token to wherever the target points");
            }
            this.client = client;
            return this;
        }

        /** Where the current subject token comes from (an adapter supplies the inbound request's). */
        public Builder subjectTokenSource(SubjectTokenSource source) {
            Options.requireUnset(this.source, "subjectTokenSource");
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Adds an interceptor to every call of the client; interceptors run in the order added,
         * before the client's retry and bearer steps (see {@link Interceptor}). It must be
         * thread-safe.
         */
        public Builder addInterceptor(Interceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** The client. */
        public ExchangingHttpClient build() {
            HttpClient c = client != null ? client : HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            return new ExchangingHttpClient(authorizer, c, source != null ? source : SubjectTokenSource.none(), null, interceptors);
        }
    }
}
