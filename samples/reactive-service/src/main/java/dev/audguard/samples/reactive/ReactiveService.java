package dev.audguard.samples.reactive;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * reactive-service. {@code java -jar samples/reactive-service/target/reactive-service.jar --port=8083
 * --issuer=http://127.0.0.1:8080/realms/demo}
 *
 * <p>All of its security is {@code application.yml}: the issuer and the audience
 * {@code reactive-service}; audguard's reactive auto-configuration does the rest.
 */
@SpringBootApplication
public class ReactiveService {

    public static void main(String[] args) {
        SpringApplication.run(ReactiveService.class, args);
    }

    /** Says where it listens, once it does: the demo waits for this line. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> announce(@Value("${server.address}") String host) {
        return event -> {
            System.out.println("reactive-service listening on http://" + host + ":" + event.getWebServer().getPort());
            System.out.flush();
        };
    }
}
