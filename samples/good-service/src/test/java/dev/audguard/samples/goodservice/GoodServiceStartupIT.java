package dev.audguard.samples.goodservice;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * good-service binds its port before its filter exists: a request sent in that window is answered
 * once the filter is there, 401 without a token, never 404 or 200. The issuer is never reached (no
 * token is validated), so any URL does.
 */
class GoodServiceStartupIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aRequestSentBeforeTheFilterExistsIsCheckedByIt() throws Exception {
        AtomicReference<CompletableFuture<HttpResponse<String>>> early = new AtomicReference<>();
        try (GoodService service = GoodService.start("127.0.0.1", 0, "http://127.0.0.1:1/realms/demo",
                base -> early.set(HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/api/data")).timeout(Duration.ofSeconds(20))
                        .build(), HttpResponse.BodyHandlers.ofString())))) {
            HttpResponse<String> response = early.get().get(20, TimeUnit.SECONDS);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
            assertThat(service.baseUri().getPort()).isPositive();
        }
    }
}
