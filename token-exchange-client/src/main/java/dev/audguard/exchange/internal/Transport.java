package dev.audguard.exchange.internal;

import dev.audguard.exchange.TokenExchangeException.Category;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends requests to the issuer defensively: a deadline for the whole exchange (body included), a
 * size cap enforced while reading, and network failures turned into retryable
 * {@link ExchangeFailure}s with fixed wording. Not API.
 *
 * <p>Thread-safe.
 */
public final class Transport {
    private final HttpClient client;
    private final Duration requestTimeout;
    private final int maxResponseBytes;

    public Transport(HttpClient client, Duration requestTimeout, int maxResponseBytes) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            // a redirect would carry client credentials and the subject token to wherever it points
            throw new IllegalArgumentException("the HttpClient must not follow redirects (HttpClient.Redirect.NEVER)");
        }
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** A response: any status, the body as UTF-8 (within the cap). */
    public record Response(int status, HttpHeaders headers, String body) {
    }

    /** Sends {@code request} (its timeout is set here); fails with a retryable {@link ExchangeFailure} on network problems. */
    public CompletableFuture<Response> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(requestTimeout).build();
        CompletableFuture<HttpResponse<String>> sent;
        try {
            sent = client.sendAsync(built, info -> new CappedBody(maxResponseBytes,
                    info.headers().firstValueAsLong("Content-Length").orElse(-1)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(ExchangeFailure.network("request refused by the HTTP client", e));
        }
        return sent.orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        throw new CompletionException(classify(error));
                    }
                    return new Response(response.statusCode(), response.headers(), response.body());
                });
    }

    private static ExchangeFailure classify(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ExchangeFailure failure) {
            return failure;
        }
        if (cause instanceof IOException && cause.getCause() instanceof ExchangeFailure failure) {
            return failure;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return ExchangeFailure.network("connect timeout", cause);
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return ExchangeFailure.network("timeout", cause);
        }
        if (cause instanceof ConnectException) {
            return ExchangeFailure.network("connection refused", cause);
        }
        if (cause instanceof IOException) {
            return ExchangeFailure.network("I/O error", cause);
        }
        return ExchangeFailure.network("unexpected failure", cause);
    }

    /** Collects the body as UTF-8, failing as soon as it exceeds the cap rather than after reading it all. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<String> {
        private final int max;
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes;
        private Flow.Subscription subscription;

        CappedBody(int max, long declaredLength) {
            this.max = max;
            this.bytes = new ByteArrayOutputStream(declaredLength > 0 && declaredLength <= max ? (int) declaredLength : 1024);
            if (declaredLength > max) {
                result.completeExceptionally(tooLarge());
            }
        }

        private static ExchangeFailure tooLarge() {
            return ExchangeFailure.of(Category.INVALID_RESPONSE, "response too large");
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (result.isDone()) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (bytes.size() + item.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(tooLarge());
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toString(StandardCharsets.UTF_8));
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }
    }
}
