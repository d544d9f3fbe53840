package dev.audguard.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The downstream service of the exchange tests: a second Spring Boot application with audguard,
 * requiring audience {@code service-c}, recording every {@code Authorization} header it accepted.
 * Started once per JVM, on a free port.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ServiceC.Api.class)
class ServiceC {

    /** The running service. */
    static ConfigurableApplicationContext context() {
        return Holder.CONTEXT;
    }

    /** The service's base URL. */
    static URI baseUri() {
        int port = ((WebServerApplicationContext) context()).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    /** What the service received. */
    static Received received() {
        return context().getBean(Received.class);
    }

    @Bean
    Received received(AtomicInteger flakyCalls) {
        return new Received(flakyCalls);
    }

    @Bean
    AtomicInteger flakyCalls() {
        return new AtomicInteger();
    }

    /** Every Authorization header the service accepted, in order. */
    static final class Received {
        private final List<String> authorizations = new CopyOnWriteArrayList<>();
        private final AtomicInteger flakyCalls;

        Received(AtomicInteger flakyCalls) {
            this.flakyCalls = flakyCalls;
        }

        void add(String authorization) {
            authorizations.add(authorization);
        }

        List<String> authorizations() {
            return List.copyOf(authorizations);
        }

        void reset() {
            authorizations.clear();
            flakyCalls.set(0);
        }
    }

    @RestController
    record Api(Received received, AtomicInteger flakyCalls) {
        @GetMapping("/api/whoami")
        Map<String, Object> whoami(@AuthenticationPrincipal Jwt jwt, @RequestHeader("Authorization") String authorization) {
            received.add(authorization);
            return Map.of("name", jwt.getClaimAsString("preferred_username"), "aud", jwt.getAudience());
        }

        @GetMapping("/stock/{id}")
        String stock(@org.springframework.web.bind.annotation.PathVariable String id, @AuthenticationPrincipal Jwt jwt,
                     @RequestHeader("Authorization") String authorization) {
            received.add(authorization);
            return "stock of " + id + " for " + jwt.getClaimAsString("preferred_username");
        }

        /** Refuses the first token it is sent as if it had been revoked, then accepts. */
        @GetMapping("/flaky")
        ResponseEntity<String> flaky(@RequestHeader("Authorization") String authorization) {
            received.add(authorization);
            if (flakyCalls.getAndIncrement() == 0) {
                return ResponseEntity.status(401).header("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();
            }
            return ResponseEntity.ok("accepted on attempt " + flakyCalls.get());
        }

        /** Refuses every token. */
        @GetMapping("/refuses")
        ResponseEntity<String> refuses(@RequestHeader("Authorization") String authorization) {
            received.add(authorization);
            return ResponseEntity.status(401).header("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();
        }
    }

    private static final class Holder {
        static final ConfigurableApplicationContext CONTEXT = new SpringApplicationBuilder(ServiceC.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.main.banner-mode=off",
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIssuers.demo().issuerUrl(),
                        "spring.security.oauth2.resourceserver.jwt.audiences=service-c",
                        "spring.security.oauth2.resourceserver.jwt.principal-claim-name=preferred_username")
                .run();
    }
}
