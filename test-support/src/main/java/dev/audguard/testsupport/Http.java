package dev.audguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain JDK HTTP/1.1 calls for tests: what a caller of a service sends, nothing more. Each request
 * carries a 20 s timeout unless it set its own; redirects are not followed. Thread-safe.
 */
public final class Http {
    /** The one client: HTTP/1.1, 5 s connect timeout, no redirects. */
    public static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Http() {
    }

    /** A GET request to {@code uri} with each of {@code authorization} as an Authorization header, to adjust and send. */
    public static HttpRequest.Builder request(URI uri, String... authorization) {
        return request("GET", uri, authorization);
    }

    /** A body-less {@code method} request to {@code uri} with each of {@code authorization} as an Authorization header. */
    public static HttpRequest.Builder request(String method, URI uri, String... authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (String value : authorization) {
            request.header("Authorization", value);
        }
        return request;
    }

    /** GET {@code uri} with each of {@code authorization} as an Authorization header. */
    public static HttpResponse<String> get(URI uri, String... authorization) {
        return send(request(uri, authorization));
    }

    /** A body-less {@code method} request to {@code uri} with each of {@code authorization} as an Authorization header. */
    public static HttpResponse<String> send(String method, URI uri, String... authorization) {
        return send(request(method, uri, authorization));
    }

    /** GET {@code uri} with {@code Authorization: Bearer token}. */
    public static HttpResponse<String> bearer(URI uri, String token) {
        return get(uri, "Bearer " + token);
    }

    /**
     * Sends {@code request} (with the 20 s timeout unless it set one) and reads the body as a string.
     *
     * @throws UncheckedIOException when the exchange fails
     * @throws IllegalStateException when the thread is interrupted (the interrupt flag is kept)
     */
    public static HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        if (built.timeout().isEmpty()) {
            built = request.timeout(TIMEOUT).build();
        }
        try {
            return CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code key=value} lines of a test endpoint's body, in order (the first {@code =} splits). */
    public static Map<String, String> lines(HttpResponse<String> response) {
        Map<String, String> lines = new LinkedHashMap<>();
        Arrays.stream(response.body().split("\n")).filter(l -> l.contains("="))
                .forEach(l -> lines.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return lines;
    }
}
