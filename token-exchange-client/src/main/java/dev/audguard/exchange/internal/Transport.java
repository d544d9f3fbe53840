package dev.audguard.exchange.internal;

import dev.audguard.core.internal.CappedBody;
import dev.audguard.exchange.TokenExchangeException.Category;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
                    info.headers().firstValueAsLong("Content-Length").orElse(-1),
                    () -> ExchangeFailure.of(Category.INVALID_RESPONSE, "response too large")));
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
}
