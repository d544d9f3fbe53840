package dev.audguard.samples.serviceb;

import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.SubjectTokenSource;
import dev.audguard.spring.client.ExchangingClientHttpRequestInterceptor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * service-b. {@code java -jar samples/service-b/target/service-b.jar --port=8081
 * --issuer=http://127.0.0.1:8080/realms/demo --service-c-url=http://127.0.0.1:8082}
 *
 * <p>All of its security is {@code application.yml}: the issuer, the audience {@code service-b},
 * and the exchanging client's credentials and target.
 */
@SpringBootApplication
public class ServiceB {

    public static void main(String[] args) {
        SpringApplication.run(ServiceB.class, args);
    }

    /**
     * The exchanging interceptor with this service's HTTP/1.1 transport: it sends the requests it
     * authorizes itself, never through the builder's request factory (which could follow a
     * redirect with the token), so the transport is given here.
     */
    @Bean
    ExchangingClientHttpRequestInterceptor exchanging(DownstreamAuthorizer downstream, SubjectTokenSource subjects) {
        return new ExchangingClientHttpRequestInterceptor(downstream, subjects, http11());
    }

    /** Calls service-c with a token exchanged for service-c (RFC 8693), never the caller's. */
    @Bean
    RestClient serviceC(RestClient.Builder builder, ExchangingClientHttpRequestInterceptor exchanging,
                        @Value("${service-c-url}") String serviceCUrl) {
        return builder.baseUrl(serviceCUrl).requestFactory(http11()).requestInterceptor(exchanging).build();
    }

    /** A plain client, for {@code /api/forward-raw}: what happens when a service forwards the caller's token. */
    @Bean
    RestClient forwardingClient(@Value("${service-c-url}") String serviceCUrl) {
        return RestClient.builder().baseUrl(serviceCUrl).requestFactory(http11()).build();
    }

    /**
     * HTTP/1.1 without the {@code h2c} upgrade the JDK client tries by default: Grizzly (service-c's
     * server) answers such a request without its {@code Content-Type}. No redirects are followed.
     */
    private static JdkClientHttpRequestFactory http11() {
        return new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build());
    }

    /** Says where it listens, once it does: the demo waits for this line. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> announce(@Value("${server.address}") String host) {
        return event -> {
            System.out.println("service-b listening on http://" + host + ":" + event.getWebServer().getPort());
            System.out.flush();
        };
    }
}
