package dev.audguard.spring.reactive;

import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.ServerWebExchange;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's own {@code SecurityWebFilterChain} with audguard applied
 * ({@link AudguardReactiveResourceServer}): authorization refusals answer as the servlet
 * adapter's access-denied handler does (a missing scope authority: 403 {@code insufficient_scope}
 * naming it; a role: the role wording; {@code denyAll}: {@code access_denied}), over real HTTP on Netty.
 */
class OwnChainAccessDeniedIT {
    @RegisterExtension
    static final ReactiveService service = new ReactiveService();
    private static ReferenceIssuer issuer;

    @Configuration(proxyBeanMethods = false)
    static class OwnChain {
        static final AtomicInteger DECISIONS = new AtomicInteger();

        /** An application's own post-processor of the authorization manager: audguard's must not displace it. */
        @Bean
        static ObjectPostProcessor<ReactiveAuthorizationManager<ServerWebExchange>> countingPostProcessor() {
            return new ObjectPostProcessor<>() {
                @Override
                @SuppressWarnings("unchecked")
                public <O extends ReactiveAuthorizationManager<ServerWebExchange>> O postProcess(O manager) {
                    ReactiveAuthorizationManager<ServerWebExchange> counting = (authentication, exchange) -> {
                        DECISIONS.incrementAndGet();
                        return manager.authorize(authentication, exchange);
                    };
                    return (O) counting;
                }
            };
        }

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
        issuer = service.issuer();
        service.start(new Class<?>[] {OwnChain.class}, issuer.issuerUrl("demo"));
    }

    private static HttpResponse<String> call(String path, String scope) {
        var mint = issuer.realm("demo").mint().subject("alice").audience("reactive-service");
        return Http.bearer(service.uri(path), (scope == null ? mint : mint.scope(scope)).sign());
    }

    @Test
    void aMissingScopeAuthorityAnswers403InsufficientScopeNamingItAsServletDoes() {
        HttpResponse<String> response = call("/api/data", "read");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(
                "Bearer error=\"insufficient_scope\", error_description=\"The access token does not grant the required scope.\", scope=\"write\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).isEqualTo(
                "{\"error\":\"insufficient_scope\",\"error_description\":\"The access token does not grant the required scope.\"}");
        assertThat(call("/api/data", "write").statusCode()).isEqualTo(200);
    }

    @Test
    void aMissingRoleAnswers403WithTheRoleWordingAndNoScopeToAskFor() {
        HttpResponse<String> response = call("/admin/report", "write");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .startsWith("Bearer").doesNotContain("error=").doesNotContain("scope="));
        assertThat(response.body()).isEqualTo(
                "{\"error\":\"access_denied\",\"error_description\":\"The access token does not carry a role this resource requires.\"}");
    }

    @Test
    void theApplicationsOwnAuthorizationPostProcessorStillApplies() {
        int before = OwnChain.DECISIONS.get();

        assertThat(call("/api/data", "write").statusCode()).isEqualTo(200);

        assertThat(OwnChain.DECISIONS.get()).isGreaterThan(before);
    }

    @Test
    void denyAllAnswers403AccessDenied() {
        HttpResponse<String> response = call("/public/hello", null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Access to this resource is denied.");
    }

    @Test
    void withoutATokenTheOwnChainAnswers401LikeTheDefaultOne() {
        HttpResponse<String> response = Http.get(service.uri("/api/data"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .startsWith("Bearer").doesNotContain("error="));
    }
}
