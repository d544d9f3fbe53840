package dev.audguard.jaxrs;

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

/** A small HTTP/1.1 client for the tests, and the test resources' {@code key=value} lines as a map. */
final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static HttpResponse<String> get(URI uri, String... authorization) {
        return send("GET", uri, authorization);
    }

    static HttpResponse<String> send(String method, URI uri, String... authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (String value : authorization) {
            request.header("Authorization", value);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> bearer(URI uri, String token) {
        return get(uri, "Bearer " + token);
    }

    /** A resource's {@code key=value} lines. */
    static Map<String, String> lines(HttpResponse<String> response) {
        Map<String, String> lines = new LinkedHashMap<>();
        Arrays.stream(response.body().split("\n")).filter(l -> l.contains("="))
                .forEach(l -> lines.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return lines;
    }
}
