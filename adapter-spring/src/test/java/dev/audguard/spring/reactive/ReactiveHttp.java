package dev.audguard.spring.reactive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP/1.1 calls to the service under test. */
final class ReactiveHttp {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ReactiveHttp() {
    }

    static HttpRequest.Builder request(URI uri, String... authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
        for (String value : authorization) {
            builder.header("Authorization", value);
        }
        return builder;
    }

    static HttpResponse<String> get(URI uri, String... authorization) {
        try {
            return CLIENT.send(request(uri, authorization).build(), HttpResponse.BodyHandlers.ofString());
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
}
