package dev.audguard.exchange;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * One step of an {@link ExchangingHttpClient} call, after OkHttp's {@code Interceptor}: it sees the
 * request, may hand a changed copy to the rest of the chain with {@link Chain#proceed}, and sees
 * the response on its way back. Added with {@link ExchangingHttpClient.Builder#addInterceptor}.
 *
 * <pre>{@code
 * ExchangingHttpClient http = ExchangingHttpClient.builder(downstream)
 *     .addInterceptor(Interceptor.requests(r -> HttpRequest.newBuilder(r, (name, value) -> true)
 *         .header("X-Request-Id", UUID.randomUUID().toString()).build()))   // a header on every call
 *     .build();
 * }</pre>
 *
 * <p>Where it runs: the interceptors added run first, in the order added, and the client's own
 * steps after them: the one-retry step (a {@code 401 invalid_token} is answered by one exchange
 * and one resend; a request that already carried a fresh token is never retried again), then the
 * bearer step (finds the request's {@link DownstreamTarget}, takes its exchanged token, from the
 * cache when it can, and sets {@code Authorization}), then the wrapped {@code HttpClient}. So an
 * interceptor never sees the exchanged token, and sees the response the caller gets (after the
 * retry). It may change the URL: the token is chosen for the URL the bearer step sees, and a URL
 * of no target fails the call with {@link UnknownDownstreamException}. It must not set
 * {@code Authorization}: such a request fails with {@link IllegalArgumentException}, as at the
 * call. It may call {@link Chain#proceed} more than once; a {@code 401} after the one retry is
 * still handed back, not retried.
 *
 * <p>Thread-safety: one interceptor instance serves every call of the client, from any thread,
 * concurrently: implementations must be thread-safe. A {@link Chain} belongs to one call.
 *
 * @see <a href="https://square.github.io/okhttp/features/interceptors/">OkHttp interceptors</a>
 */
public interface Interceptor {

    /**
     * Handles one call: usually {@code return chain.proceed(changed(chain.request()))}, possibly
     * looking at the response with {@code thenApply}. Exceptions thrown here fail the call.
     *
     * @param <T> the response body type, fixed by the caller's body handler
     */
    <T> CompletableFuture<HttpResponse<T>> intercept(Chain<T> chain);

    /**
     * The rest of a call as one interceptor sees it. Not thread-safe: it belongs to one call;
     * requests are immutable, so a changed request is a new one.
     *
     * @param <T> the response body type
     */
    interface Chain<T> {
        /** The request as the previous step handed it on. */
        HttpRequest request();

        /** The body handler as the previous step handed it on. */
        HttpResponse.BodyHandler<T> bodyHandler();

        /** Hands {@code request} to the rest of the chain with the current body handler. */
        CompletableFuture<HttpResponse<T>> proceed(HttpRequest request);

        /** Hands {@code request} to the rest of the chain, its response body read by {@code bodyHandler}. */
        CompletableFuture<HttpResponse<T>> proceed(HttpRequest request, HttpResponse.BodyHandler<T> bodyHandler);
    }

    /**
     * An interceptor that only changes requests (a header, a timeout): {@code change} gets each
     * request and returns the one to send. It must be thread-safe and must not set
     * {@code Authorization}.
     */
    static Interceptor requests(UnaryOperator<HttpRequest> change) {
        Objects.requireNonNull(change, "change");
        return new Interceptor() {
            @Override
            public <T> CompletableFuture<HttpResponse<T>> intercept(Chain<T> chain) {
                return chain.proceed(Objects.requireNonNull(change.apply(chain.request()), "the changed request"));
            }

            @Override
            public String toString() {
                return "Interceptor.requests(" + change.getClass().getName() + ")";
            }
        };
    }
}
