package dev.audguard.exchange.internal;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An outbound call as a chain of steps, after OkHttp's {@code Interceptor.Chain}: each step sees an
 * immutable request, may hand on a changed copy with {@link #proceed}, and sees the response on
 * the way back; the end of the chain is the wrapped {@link HttpClient}. Not API.
 *
 * <p>A chain is used for one call; the steps are shared and must be thread-safe.
 *
 * @param <T> the response body type
 */
public final class HttpChain<T> {

    /** One step of the chain. */
    public interface Step {
        <T> CompletableFuture<HttpResponse<T>> intercept(HttpChain<T> chain);
    }

    private final List<Step> steps;
    private final int index;
    private final HttpClient client;
    private final HttpRequest request;
    private final HttpResponse.BodyHandler<T> handler;

    private HttpChain(List<Step> steps, int index, HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        this.steps = steps;
        this.index = index;
        this.client = client;
        this.request = request;
        this.handler = handler;
    }

    /** Runs {@code request} through {@code steps}, then {@code client}. */
    public static <T> CompletableFuture<HttpResponse<T>> start(List<Step> steps, HttpClient client, HttpRequest request,
                                                               HttpResponse.BodyHandler<T> handler) {
        return new HttpChain<>(List.copyOf(steps), 0, client, request, handler).proceed(request, handler);
    }

    /** The request as the previous step handed it on. */
    public HttpRequest request() {
        return request;
    }

    /** The body handler as the previous step handed it on. */
    public HttpResponse.BodyHandler<T> handler() {
        return handler;
    }

    /** Hands {@code next} (with {@code nextHandler}) to the rest of the chain; may be called more than once (a retry). */
    public CompletableFuture<HttpResponse<T>> proceed(HttpRequest next, HttpResponse.BodyHandler<T> nextHandler) {
        if (index == steps.size()) {
            return client.sendAsync(next, nextHandler);
        }
        return steps.get(index).intercept(new HttpChain<>(steps, index + 1, client, next, nextHandler));
    }
}
