package dev.audguard.exchange.internal;

import dev.audguard.exchange.Interceptor;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An outbound call as a chain of {@link Interceptor}s, after OkHttp's {@code RealInterceptorChain}:
 * each one sees an immutable request and may hand on a changed copy with {@link #proceed}; the
 * end of the chain is the wrapped {@link HttpClient}. An interceptor that throws fails the call's
 * future rather than the caller's thread. Not API.
 *
 * <p>A chain is used for one call and is not thread-safe; the interceptors are shared and must be.
 *
 * @param <T> the response body type
 */
public final class HttpChain<T> implements Interceptor.Chain<T> {
    private final List<Interceptor> interceptors;
    private final int index;
    private final HttpClient client;
    private final HttpRequest request;
    private final HttpResponse.BodyHandler<T> handler;

    private HttpChain(List<Interceptor> interceptors, int index, HttpClient client, HttpRequest request,
                      HttpResponse.BodyHandler<T> handler) {
        this.interceptors = interceptors;
        this.index = index;
        this.client = client;
        this.request = request;
        this.handler = handler;
    }

    /** Runs {@code request} through {@code interceptors}, then {@code client}. */
    public static <T> CompletableFuture<HttpResponse<T>> start(List<Interceptor> interceptors, HttpClient client, HttpRequest request,
                                                               HttpResponse.BodyHandler<T> handler) {
        return new HttpChain<>(List.copyOf(interceptors), 0, client, request, handler).proceed(request, handler);
    }

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public HttpResponse.BodyHandler<T> bodyHandler() {
        return handler;
    }

    @Override
    public CompletableFuture<HttpResponse<T>> proceed(HttpRequest next) {
        return proceed(next, handler);
    }

    /** Hands {@code next} (with {@code nextHandler}) to the rest of the chain; may be called more than once (a retry). */
    @Override
    public CompletableFuture<HttpResponse<T>> proceed(HttpRequest next, HttpResponse.BodyHandler<T> nextHandler) {
        Objects.requireNonNull(next, "request");
        Objects.requireNonNull(nextHandler, "bodyHandler");
        try {
            if (index == interceptors.size()) {
                return client.sendAsync(next, nextHandler);
            }
            CompletableFuture<HttpResponse<T>> response = interceptors.get(index)
                    .intercept(new HttpChain<>(interceptors, index + 1, client, next, nextHandler));
            return Objects.requireNonNull(response, "an Interceptor returned null instead of a future");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
