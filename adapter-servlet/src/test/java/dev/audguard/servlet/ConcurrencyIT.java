package dev.audguard.servlet;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** 200 requests in flight at once, each with its own valid token: all pass, and each sees its own user. */
class ConcurrencyIT {
    private static final int REQUESTS = 200;

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @Test
    void twoHundredConcurrentRequestsWithValidTokensAllPassAsTheirOwnUser() throws Exception {
        RealmHandle demo = issuer.realm("demo");
        // the verified-token cache off: every request is a full verification, on a cold key cache
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b")
                .disableVerifiedTokenCache().build();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            tokens.add(demo.mint().subjectId("user-" + i).audience("service-b").expiresIn(Duration.ofMinutes(5)).sign());
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        try (JettyServer jetty = JettyServer.start(JettyServer.App.of("/app", BearerTokenFilter.builder(validator).build()))) {
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                HttpRequest request = HttpRequest.newBuilder(jetty.uri("/app/orders/" + i)).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + tokens.get(i)).GET().build();
                inFlight.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);

            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> response = inFlight.get(i).join();
                assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
                assertThat(Http.lines(response)).as("request %d", i)
                        .containsEntry("principal", "user-" + i).containsEntry("path", "/orders/" + i);
            }
        }
    }
}
