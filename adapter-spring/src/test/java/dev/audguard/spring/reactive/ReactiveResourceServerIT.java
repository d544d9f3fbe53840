package dev.audguard.spring.reactive;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * audguard's reactive resource server over real HTTP on Reactor Netty: the same answers as the
 * servlet adapter (through the front door), {@code audguard.paths} enforced, query tokens refused,
 * RFC 9728 metadata served by a WebFilter, 503 with Retry-After when the keys cannot be had.
 */
class ReactiveResourceServerIT {
    @RegisterExtension
    static final ReactiveService service = new ReactiveService();
    private static RealmHandle demo;
    private static RealmHandle down;

    @BeforeAll
    static void start() {
        ReactiveService.DemoAndDown realms = service.startBesideADownIssuer(
                "spring.security.oauth2.resourceserver.jwt.principal-claim-name", "preferred_username",
                "audguard.paths[0].pattern", "/reports/**",
                "audguard.paths[0].audiences", "reports-api",
                "audguard.paths[1].pattern", "/admin/**",
                "audguard.paths[1].scopes", "admin",
                "audguard.retry-after", "7s",
                "audguard.resource-metadata.resource", "https://reactive.example.com/",
                "audguard.default-chain.permit-all", "/public/**");
        demo = realms.demo();
        down = realms.down();
    }

    private static String token(String audience, String scope) {
        var mint = demo.mint().subject("alice").audience(audience);
        return (scope == null ? mint : mint.scope(scope)).sign();
    }

    @Test
    void acceptsATokenForTheServiceOnNetty() {
        HttpResponse<String> response = Http.bearer(service.uri("/api/data"), token("reactive-service", null));

        assertThat(((ReactiveWebServerApplicationContext) service.context()).getWebServer()).isInstanceOf(NettyWebServer.class);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("data:alice");
    }

    @Test
    void byDefaultRejectsARequestWithoutTokenWith401PointingAtTheMetadata() {
        HttpResponse<String> response = Http.get(service.uri("/api/data"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .startsWith("Bearer").doesNotContain("error=")
                .contains("resource_metadata=\"https://reactive.example.com/.well-known/oauth-protected-resource\""));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    @Test
    void rejectsATokenForAnotherAudienceWith401InvalidToken() {
        HttpResponse<String> response = Http.bearer(service.uri("/api/data"), token("service-b", null));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .contains("error=\"invalid_token\""));
        assertThat(response.body()).contains("\"error\":\"invalid_token\"").doesNotContain("service-b");
    }

    @Test
    void refusesAQueryStringTokenWith400EvenWhenTheTokenIsGood() {
        String good = token("reactive-service", null);

        HttpResponse<String> queryOnly = Http.get(service.uri("/api/data?access_token=" + good));
        HttpResponse<String> both = Http.get(service.uri("/api/data?access_token=" + good), "Bearer " + good);

        assertThat(queryOnly.statusCode()).isEqualTo(400);
        assertThat(queryOnly.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .contains("error=\"invalid_request\""));
        assertThat(queryOnly.body()).doesNotContain(good);
        assertThat(both.statusCode()).isEqualTo(400);
    }

    @Test
    void aPathRuleWithItsOwnAudienceRefusesTheServiceToken() {
        assertThat(Http.bearer(service.uri("/reports/summary"), token("reactive-service", null)).statusCode()).isEqualTo(401);
        HttpResponse<String> reports = Http.bearer(service.uri("/reports/summary"), token("reports-api", null));
        assertThat(reports.statusCode()).isEqualTo(200);
        assertThat(reports.body()).isEqualTo("reports");
    }

    @Test
    void aPathRuleRequiringAScopeAnswers403InsufficientScopeNamingIt() {
        HttpResponse<String> without = Http.bearer(service.uri("/admin/report"), token("reactive-service", null));

        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .contains("error=\"insufficient_scope\"").contains("scope=\"admin\""));
        assertThat(Http.bearer(service.uri("/admin/report"), token("reactive-service", "admin")).body()).isEqualTo("admin");
    }

    @Test
    void whenTheIssuersKeysCannotBeHadThenAnswers503WithRetryAfter() {
        String fromDown = down.mint().subject("alice").audience("reactive-service").sign();

        HttpResponse<String> response = Http.bearer(service.uri("/api/data"), fromDown);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
    }

    @Test
    void servesTheResourceMetadataWithoutAToken() {
        HttpResponse<String> response = Http.get(service.uri("/.well-known/oauth-protected-resource"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).contains("\"resource\":\"https://reactive.example.com/\"")
                .contains(demo.issuerUrl()).contains(down.issuerUrl()).contains("\"admin\"");
    }

    @Test
    void aPermitAllPathNeedsNoTokenButABadTokenThereIsStillRefused() {
        assertThat(Http.get(service.uri("/public/hello")).body()).isEqualTo("hello");
        assertThat(Http.bearer(service.uri("/public/hello"), token("service-b", null)).statusCode()).isEqualTo(401);
    }
}
