package dev.audguard.conformance.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/** Sends a {@code GET} with chosen {@code Authorization} headers and reads the whole answer. Thread-safe. Not API. */
public final class Probe {
    private final HttpClient client;
    private final Duration timeout;

    /** A probe sending with {@code client}, each exchange bounded by {@code timeout}. */
    public Probe(HttpClient client, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A new HTTP/1.1 client that follows no redirects: a redirect is an answer to check, not to follow. */
    public static HttpClient defaultClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    /**
     * {@code GET url} with one {@code Authorization} header per value given (none when empty).
     *
     * @throws UncheckedIOException when the service cannot be reached; the message shows the URL
     *     without its query, which may carry a token
     */
    public Answer get(URI url, String... authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET();
        for (String value : authorization) {
            request.header("Authorization", value);
        }
        return send(request, url);
    }

    /** {@code GET url} with one {@code Authorization} header and one {@code DPoP} header per proof given. */
    public Answer getWithProofs(URI url, String authorization, String... proofs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET().header("Authorization", authorization);
        for (String proof : proofs) {
            request.header("DPoP", proof);
        }
        return send(request, url);
    }

    private Answer send(HttpRequest.Builder request, URI url) {
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers(), new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the service at " + withoutQuery(url) + " cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + withoutQuery(url));
        }
    }

    /** The URL without its query, which may carry a token in the query-string cases. */
    public static String withoutQuery(URI url) {
        String s = url.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?...";
    }
}
