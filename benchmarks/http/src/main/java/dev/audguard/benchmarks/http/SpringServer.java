package dev.audguard.benchmarks.http;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One Spring Boot endpoint, {@code GET /hello} answering {@code ok}, under one of three security set-ups
 * chosen by {@code --spring.profiles.active}:
 *
 * <ul>
 *   <li>{@code audguard}: audguard's Spring adapter and its default chain (every request
 *       authenticated, stateless, no CSRF), from the same three resource-server properties;
 *   <li>{@code spring}: plain Spring Security resource server: {@code NimbusJwtDecoder} on the JWKS
 *       URI with the default timestamp check, an issuer and an audience validator, the same chain
 *       shape; audguard's auto-configuration excluded;
 *   <li>{@code permitall}: a Spring Security chain that permits everything: the cost of Spring
 *       Security without any token check, the baseline.
 * </ul>
 *
 * {@code java -cp ... SpringServer --spring.profiles.active=audguard --port=8080 --issuer=ISS --jwks-uri=URL}
 */
@SpringBootApplication(proxyBeanMethods = false)
public class SpringServer {

    public static void main(String[] args) {
        SpringApplication.run(SpringServer.class, args);
    }

    @RestController
    static class Hello {
        @GetMapping("/hello")
        String hello() {
            return "ok";
        }
    }

    /** The harness waits for this line. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> announce() {
        return event -> {
            System.out.println("listening on " + event.getWebServer().getPort());
            System.out.flush();
        };
    }

    @Configuration(proxyBeanMethods = false)
    @Profile("spring")
    static class PlainSpringSecurity {
        @Bean
        JwtDecoder jwtDecoder(@Value("${jwks-uri}") String jwksUri, @Value("${issuer}") String issuer) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri).build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(
                    new JwtIssuerValidator(issuer), new JwtAudienceValidator(KeyServer.AUDIENCE)));
            return decoder;
        }

        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                    .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .csrf(csrf -> csrf.disable())
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Profile("permitall")
    static class PermitAll {
        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .csrf(csrf -> csrf.disable())
                    .build();
        }
    }
}
