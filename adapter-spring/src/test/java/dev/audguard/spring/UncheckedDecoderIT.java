package dev.audguard.spring;

import dev.audguard.spring.server.VerifiedJwt;
import dev.audguard.core.VerifiedToken;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that keeps its own {@code JwtDecoders.fromIssuerLocation(..)} decoder with the
 * explicit opt-out: principals still work (a non-null {@code @AuthenticationPrincipal Jwt}, the
 * README's controller code answers 200, not 500).
 */
class UncheckedDecoderIT {
    private static ConfigurableApplicationContext app;
    private static URI base;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(OwnDecoderService.class).properties("spring.main.banner-mode=off",
                "server.port=0", "server.address=127.0.0.1",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIssuers.demo().issuerUrl(),
                "spring.security.oauth2.resourceserver.jwt.audiences=service-b",
                "spring.security.oauth2.resourceserver.jwt.principal-claim-name=preferred_username",
                "audguard.allow-unchecked-jwt-decoder=true").run();
        base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void explicitlyAllowedUncheckedDecoderStillGivesAJwtPrincipal() {
        String token = TestIssuers.demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        HttpResponse<String> response = Http.bearer(base.resolve("/orders"), token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("orders of alice (alice), audguard: unchecked");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OwnDecoderService.Orders.class)
    static class OwnDecoderService {
        @Bean
        JwtDecoder jwtDecoder() {
            return JwtDecoders.fromIssuerLocation(TestIssuers.demo().issuerUrl());
        }

        @RestController
        static class Orders {
            @GetMapping("/orders")
            String orders(@AuthenticationPrincipal Jwt jwt, org.springframework.security.core.Authentication authentication) {
                String checked = VerifiedJwt.verifiedToken(jwt).map(VerifiedToken::issuer).map(i -> "checked").orElse("unchecked");
                return "orders of " + jwt.getClaimAsString("preferred_username") + " (" + authentication.getName()
                        + "), audguard: " + checked;
            }
        }
    }
}
