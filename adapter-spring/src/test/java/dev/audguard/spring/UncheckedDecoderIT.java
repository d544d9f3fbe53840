package dev.audguard.spring;

import dev.audguard.spring.server.VerifiedJwt;
import dev.audguard.core.VerifiedToken;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that keeps its own {@code JwtDecoders.fromIssuerLocation(..)} decoder with the
 * explicit opt-out: principals still work (a non-null {@code @AuthenticationPrincipal Jwt}, the
 * README's controller code answers 200, not 500).
 */
class UncheckedDecoderIT {
    @RegisterExtension
    static final MvcService service = new MvcService();

    @BeforeAll
    static void start() {
        service.start(OwnDecoderService.class,
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIssuers.demo().issuerUrl(),
                "spring.security.oauth2.resourceserver.jwt.audiences=service-b",
                "spring.security.oauth2.resourceserver.jwt.principal-claim-name=preferred_username",
                "audguard.allow-unchecked-jwt-decoder=true");
    }

    @Test
    void explicitlyAllowedUncheckedDecoderStillGivesAJwtPrincipal() {
        String token = TestIssuers.demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        HttpResponse<String> response = Http.bearer(service.uri("/orders"), token);

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
