package dev.audguard.spring;

import dev.audguard.issuer.Fault;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * What a user's own {@code SecurityFilterChain} written with only
 * {@code oauth2ResourceServer(o -> o.jwt(withDefaults()))} gets, as the README states it.
 */
class OwnChainWithDefaultsIT {
    @RegisterExtension
    static final MvcService service = new MvcService();

    @BeforeAll
    static void start() {
        service.start(Service.class,
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIssuers.demo().issuerUrl(),
                "spring.security.oauth2.resourceserver.jwt.audiences=service-b",
                "audguard.issuers[0].uri=" + TestIssuers.down().issuerUrl(), "audguard.realm=demo");
    }

    private static String challenge(String error) {
        String metadata = "resource_metadata=\"" + service.base() + "/.well-known/oauth-protected-resource\"";
        return error == null ? "Bearer realm=\"demo\", " + metadata : "Bearer realm=\"demo\", " + error + ", " + metadata;
    }

    @Test
    void enforcesTheAudienceWithAudguardsAnswers() {
        String forC = TestIssuers.demo().clientCredentials("service-b", "b-secret").accessToken();
        String forB = TestIssuers.demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        HttpResponse<String> refused = Http.bearer(service.uri("/orders"), forC);

        assertThat(Http.bearer(service.uri("/orders"), forB).body()).isEqualTo("[]");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(challenge(
                "error=\"invalid_token\", error_description=\"The access token is not intended for this service.\""));
        assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(refused.body()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"The access token is not intended for this service.\"}");
    }

    @Test
    void answersMissingAndMalformedRequestsAsAudguardDoes() {
        String forB = TestIssuers.demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        HttpResponse<String> none = Http.get(service.uri("/orders"));
        HttpResponse<String> twoHeaders = Http.get(service.uri("/orders"), "Bearer " + forB, "Bearer " + forB);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue(challenge(null));
        assertThat(none.body()).isEqualTo("{}");
        assertThat(twoHeaders.statusCode()).isEqualTo(400);
        assertThat(Http.get(service.uri("/orders?access_token=" + forB)).statusCode()).isEqualTo(400);
    }

    @Test
    void answersARoleFailureWithRoleWording() {
        String forB = TestIssuers.demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        HttpResponse<String> refused = Http.bearer(service.uri("/admin/report"), forB);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(challenge(null));
        assertThat(refused.body()).isEqualTo(
                "{\"error\":\"access_denied\",\"error_description\":\"The access token does not carry a role this resource requires.\"}");
    }

    @Test
    void answers503WhenTheIssuersKeysCannotBeHad() {
        String token = TestIssuers.down().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        TestIssuers.down().faults().discovery(Fault.down()).jwks(Fault.down());
        try {
            HttpResponse<String> response = Http.bearer(service.uri("/orders"), token);

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body()).contains("\"error\":\"temporarily_unavailable\"");
        } finally {
            TestIssuers.down().faults().clear();
        }
    }

    @Test
    void servesMetadataNamingTheTrustedIssuers() {
        assertThat(Http.get(service.uri("/.well-known/oauth-protected-resource")).body())
                .contains("\"authorization_servers\":[\"" + TestIssuers.demo().issuerUrl() + "\",\"" + TestIssuers.down().issuerUrl() + "\"]");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrdersService.Api.class)
    static class Service {
        @Bean
        SecurityFilterChain api(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(a -> a.requestMatchers("/admin/report").hasRole("admin").anyRequest().authenticated())
                    .oauth2ResourceServer(o -> o.jwt(withDefaults()));
            return http.build();
        }
    }
}
