package dev.audguard.samples.serviceb;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * service-b answers its protected paths with a token check from the moment its port opens: the
 * first thing that can reach it (a listener on the web server's start, before the application is
 * reported ready) gets 401, never 404 or 200. Its issuer is never reached at start-up or without a
 * token, so any URL does.
 */
class ServiceBStartupIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theFirstRequestTheOpenPortCanTakeIsCheckedForAToken() throws Exception {
        List<Integer> atStart = new ArrayList<>();
        SpringApplication application = new SpringApplication(ServiceB.class);
        application.addListeners(new ApplicationListener<WebServerInitializedEvent>() {
            @Override
            public void onApplicationEvent(WebServerInitializedEvent event) {
                probe(event, atStart);
            }
        });
        try (ConfigurableApplicationContext context = application.run("--port=0", "--issuer=http://127.0.0.1:1/realms/demo",
                "--service-c-url=http://127.0.0.1:1")) {
            assertThat(atStart).containsExactly(401);
        }
    }

    private static void probe(WebServerInitializedEvent event, List<Integer> atStart) {
        URI hello = URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + "/api/hello");
        try {
            atStart.add(HTTP.send(HttpRequest.newBuilder(hello).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            atStart.add(-1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
