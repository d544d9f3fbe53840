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

    /** Reactor Netty's switch for reactor/reactor-netty#4361 (see adapter-spring's README, Limits). */
    private static final String KEEP_ALIVE_SWITCH = "reactor.netty.http.server.lastFlushWhenNoRead";

    public static void main(String[] args) {
        // Reactor Netty 1.3.7 can leave a kept-alive connection's next request unanswered; its own
        // switch avoids that, and must be set before the server starts. A value given with -D wins.
        if (System.getProperty(KEEP_ALIVE_SWITCH) == null) {
            System.setProperty(KEEP_ALIVE_SWITCH, "true");
        }
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
