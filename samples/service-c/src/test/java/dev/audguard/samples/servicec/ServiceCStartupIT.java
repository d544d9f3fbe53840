package dev.audguard.samples.servicec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * service-c's port opens before its application is registered: in that window a protected path
 * answers 503 with {@code Retry-After}, never 404 or 200. The issuer is never reached (no token is
 * validated), so any URL does.
 */
class ServiceCStartupIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> get(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aProtectedPathAnswers503NotFoundNeverWhileTheApplicationIsNotRegistered() throws IOException {
        List<HttpResponse<String>> beforeReady = new ArrayList<>();
        try (ServiceC service = ServiceC.start("127.0.0.1", 0, "http://127.0.0.1:1/realms/demo",
                base -> beforeReady.add(get(base.resolve("/api/data"))))) {
            assertThat(beforeReady).singleElement().satisfies(response -> {
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).contains("1");
                assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            });
            HttpResponse<String> ready = get(service.baseUri().resolve("/api/data"));
            assertThat(ready.statusCode()).isEqualTo(401);
            assertThat(ready.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
        }
    }
}
