package dev.audguard.core.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * A response body collected as UTF-8 that fails as soon as it exceeds a cap, rather than after
 * reading it all: what audguard reads from an issuer (discovery, JWKS, token responses) is small,
 * and a huge or endless answer must not cost memory. Not API: shared by sdk-core's key fetcher
 * and token-exchange-client's transport.
 *
 * <p>Not thread-safe: one per response, driven by the HTTP client.
 */
public final class CappedBody implements HttpResponse.BodySubscriber<String> {
    private final int max;
    private final Supplier<? extends Throwable> tooLarge;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes;
    private Flow.Subscription subscription;

    /**
     * @param max the most bytes accepted
     * @param declaredLength the response's {@code Content-Length}, or -1; a larger one fails at once
     * @param tooLarge the failure when the body exceeds {@code max}, in the caller's own terms
     */
    public CappedBody(int max, long declaredLength, Supplier<? extends Throwable> tooLarge) {
        this.max = max;
        this.tooLarge = tooLarge;
        this.bytes = new ByteArrayOutputStream(declaredLength > 0 && declaredLength <= max ? (int) declaredLength : 1024);
        if (declaredLength > max) {
            result.completeExceptionally(tooLarge.get());
        }
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
                result.completeExceptionally(tooLarge.get());
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
