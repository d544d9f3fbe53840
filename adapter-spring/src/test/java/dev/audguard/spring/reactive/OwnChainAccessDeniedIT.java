package dev.audguard.spring.reactive;

import dev.audguard.issuer.Realm;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

import java.net.URI;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's own {@code SecurityWebFilterChain} with audguard applied
 * ({@link AudguardReactiveResourceServer}): authorization refusals answer as the servlet
 * adapter's access-denied handler does where Spring says what was refused, over real HTTP on Netty.
 */
class OwnChainAccessDeniedIT {
    private static ReferenceIssuer issuer;
    private static ConfigurableApplicationContext context;
    private static String base;

    @Configuration(proxyBeanMethods = false)
    static class OwnChain {
        @Bean
        SecurityWebFilterChain ownChain(ServerHttpSecurity http, AudguardReactiveResourceServer audguard) {
            http.authorizeExchange(e -> e.pathMatchers("/api/data").hasAuthority("SCOPE_write")
                    .pathMatchers("/admin/report").hasRole("auditor")
                    .pathMatchers("/public/hello").denyAll()
                    .anyExchange().authenticated());
            http.oauth2ResourceServer(audguard.oauth2ResourceServer());
            http.exceptionHandling(audguard.exceptionHandling());
            http.csrf(ServerHttpSecurity.CsrfSpec::disable);
            return http.build();
        }
    }

    @BeforeAll
    static void start() {
        issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
        context = ReactiveTestApp.start(new Class<?>[] {OwnChain.class},
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer.issuerUrl("demo"),
                "spring.security.oauth2.resourceserver.jwt.audiences", "reactive-service");
        base = "http://127.0.0.1:" + ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    private static HttpResponse<String> call(String path, String scope) {
        var mint = issuer.realm("demo").mint().subject("alice").audience("reactive-service");
        return Http.bearer(URI.create(base + path), (scope == null ? mint : mint.scope(scope)).sign());
    }

    /*
     * authorizeExchange rules refuse with a plain AccessDeniedException (ReactiveAuthorizationManager.verify),
     * which does not say what was required: the answer is the front door's 403 access_denied, not
     * insufficient_scope with the scope (that needs an AuthorizationDeniedException, as method security throws).
     */
    @Test
    void aMissingAuthorityAnswersTheFrontDoors403AccessDenied() {
        HttpResponse<String> response = call("/api/data", "read");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).isEqualTo("{\"error\":\"access_denied\",\"error_description\":\"Access to this resource is denied.\"}");
        assertThat(call("/api/data", "write").statusCode()).isEqualTo(200);
        assertThat(call("/admin/report", null).statusCode()).isEqualTo(403);
    }

    @Test
    void denyAllAnswers403AccessDenied() {
        HttpResponse<String> response = call("/public/hello", null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Access to this resource is denied.");
    }

    @Test
    void withoutATokenTheOwnChainAnswers401LikeTheDefaultOne() {
        HttpResponse<String> response = Http.get(URI.create(base + "/api/data"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .startsWith("Bearer").doesNotContain("error="));
    }
}
