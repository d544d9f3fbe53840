package dev.audguard.spring.reactive;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.Map;

/** A WebFlux service on Reactor Netty with audguard's auto-configuration only (Tomcat excluded). */
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = TomcatReactiveWebServerAutoConfiguration.class)
@Import(ReactiveTestApp.Api.class)
class ReactiveTestApp {

    /** Starts the service with {@code properties}: names and values in turn. */
    static ConfigurableApplicationContext start(String... properties) {
        return start(new Class<?>[0], properties);
    }

    /** Starts the service with {@code more} configuration classes and {@code properties}. */
    static ConfigurableApplicationContext start(Class<?>[] more, String... properties) {
        Map<String, Object> all = new java.util.HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            all.put(properties[i], properties[i + 1]);
        }
        all.put("server.port", "0");
        all.put("server.address", "127.0.0.1");
        all.put("spring.main.banner-mode", "off");
        Class<?>[] sources = new Class<?>[more.length + 1];
        sources[0] = ReactiveTestApp.class;
        System.arraycopy(more, 0, sources, 1, more.length);
        return new SpringApplicationBuilder(sources).web(WebApplicationType.REACTIVE).properties(all).run();
    }

    @RestController
    static class Api {
        @GetMapping("/api/data")
        Mono<String> data(java.security.Principal principal) {
            return Mono.just("data:" + principal.getName());
        }

        @GetMapping("/reports/summary")
        String reports() {
            return "reports";
        }

        @GetMapping("/admin/report")
        String admin() {
            return "admin";
        }

        @GetMapping("/public/hello")
        String hello() {
            return "hello";
        }
    }
}
