package dev.audguard.spring;

import dev.audguard.spring.client.ExchangingClientHttpRequestInterceptor;
import dev.audguard.spring.client.ExchangingExchangeFilterFunction;
import dev.audguard.spring.server.VerifiedJwt;
import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.UnknownDownstreamException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The service most tests run against, written as the README tells a team to write theirs: one
 * dependency, properties, controllers; it requires audience {@code service-b} and calls
 * {@link ServiceC} with exchanged tokens.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
@Import(ServiceB.Api.class)
class ServiceB {

    /** Its configuration, as an application.yml would hold it. */
    static Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.main.banner-mode", "off");
        p.put("server.address", "127.0.0.1");
        p.put("server.max-http-request-header-size", "64KB");
        p.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", TestIssuers.demo().issuerUrl());
        p.put("spring.security.oauth2.resourceserver.jwt.audiences", "service-b");
        p.put("spring.security.oauth2.resourceserver.jwt.principal-claim-name", "preferred_username");
        p.put("audguard.issuers[0].uri", TestIssuers.partner().issuerUrl());
        p.put("audguard.issuers[0].audiences", "service-c");
        p.put("audguard.issuers[1].uri", TestIssuers.down().issuerUrl());
        p.put("audguard.paths[0].pattern", "/reports/**");
        p.put("audguard.paths[0].audiences", "reports-api");
        p.put("audguard.paths[1].pattern", "/admin/**");
        p.put("audguard.paths[1].scopes", "admin,audit");
        // listed after the broader /reports/**, which must not hide it: the most specific rule wins
        p.put("audguard.paths[2].pattern", "/reports/admin/**");
        p.put("audguard.paths[2].audiences", "reports-api");
        p.put("audguard.paths[2].scopes", "admin");
        p.put("audguard.authorities.client-roles", "reports-api");
        p.put("audguard.realm", "demo");
        p.put("audguard.retry-after", "7s");
        p.put("audguard.default-chain.permit-all", "/actuator/health");
        p.put("audguard.exchange.client-id", "service-b");
        p.put("audguard.exchange.client-secret", "b-secret");
        p.put("audguard.exchange.issuer", TestIssuers.demo().issuerUrl());
        p.put("audguard.exchange.targets.service-c.base-url", ServiceC.baseUri().toString());
        p.put("audguard.exchange.targets.service-c.audience", "service-c");
        p.put("audguard.exchange.targets.nowhere.base-url", ServiceC.baseUri() + "/nowhere");
        p.put("audguard.exchange.targets.nowhere.audience", "no-such-client");
        p.put("management.endpoint.health.show-components", "always");
        p.put("management.endpoint.health.show-details", "always");
        return p;
    }

    @Bean
    RestClient serviceC(RestClient.Builder builder, ExchangingClientHttpRequestInterceptor exchanging) {
        return builder.requestInterceptor(exchanging).build();
    }

    @Bean
    WebClient serviceCReactive(ExchangingExchangeFilterFunction exchanging) {
        return WebClient.builder().filter(exchanging).build();
    }

    @RestController
    static class Api {
        private final RestClient serviceC;
        private final WebClient serviceCReactive;
        private final String serviceCBase;
        private final String issuer;

        Api(RestClient serviceC, WebClient serviceCReactive,
            @Value("${audguard.exchange.targets.service-c.base-url}") String serviceCBase,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer) {
            this.serviceC = serviceC;
            this.serviceCReactive = serviceCReactive;
            this.serviceCBase = serviceCBase;
            this.issuer = issuer;
        }

        @GetMapping("/api/orders")
        Map<String, Object> orders(@AuthenticationPrincipal Jwt jwt, Authentication authentication) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("name", authentication.getName());
            answer.put("authorities", new TreeSet<>(authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList()));
            answer.put("verified", jwt instanceof VerifiedJwt);
            answer.put("issuer", VerifiedJwt.current().map(VerifiedToken::issuer).orElse("none"));
            answer.put("aud", jwt.getAudience());
            return answer;
        }

        @GetMapping("/reports/summary")
        String reports() {
            return "reports";
        }

        @GetMapping("/reports/admin/users")
        String reportAdmins() {
            return "report admins";
        }

        @GetMapping("/admin/report")
        String admin() {
            return "admin";
        }

        @GetMapping("/viewer")
        @PreAuthorize("hasRole('viewer')")
        String viewer(Authentication authentication) {
            return "viewer " + authentication.getName();
        }

        @GetMapping("/orders/write")
        @PreAuthorize("hasAuthority('SCOPE_orders:write')")
        String writeOrders() {
            return "written";
        }

        @GetMapping("/closed")
        @PreAuthorize("denyAll()")
        String closed() {
            return "closed";
        }

        @GetMapping("/call-c/{path}")
        ResponseEntity<String> callC(@PathVariable String path) {
            String target = path.equals("whoami") ? "/api/whoami" : "/" + path;
            return serviceC.get().uri(serviceCBase + target).exchange((request, response) ->
                    ResponseEntity.status(response.getStatusCode()).body(response.bodyTo(String.class)));
        }

        @GetMapping("/call-c-reactive/{path}")
        ResponseEntity<String> callCReactive(@PathVariable String path) {
            String target = path.equals("whoami") ? "/api/whoami" : "/" + path;
            return serviceCReactive.get().uri(serviceCBase + target).exchangeToMono(response -> response.toEntity(String.class)).block();
        }

        @GetMapping("/call-elsewhere-reactive")
        String callElsewhereReactive() {
            try {
                return serviceCReactive.get().uri(issuer + "/.well-known/openid-configuration").retrieve().bodyToMono(String.class).block();
            } catch (UnknownDownstreamException refused) {
                return "refused: not a target";
            }
        }

        @GetMapping("/call-elsewhere")
        String callElsewhere() {
            try {
                return serviceC.get().uri(issuer + "/.well-known/openid-configuration").retrieve().body(String.class);
            } catch (UnknownDownstreamException refused) {
                return "refused: not a target";
            }
        }
    }
}
