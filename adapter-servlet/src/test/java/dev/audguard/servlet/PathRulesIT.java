package dev.audguard.servlet;

import dev.audguard.core.AudienceRule;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-path rules in a real container: unprotected paths, per-path audience, all-of scopes, pattern precedence. */
class PathRulesIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static JettyServer jetty;
    private static String alice;          // aud service-b, scope "profile email"
    private static String aliceGood;      // aud [good-service, service-b], scope also good-service
    private static String bob;            // aud [service-b, reports-api]

    @BeforeAll
    static void start() {
        RealmHandle demo = issuer.realm("demo");
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build();
        BearerTokenFilter filter = BearerTokenFilter.builder(validator)
                .unprotected("/health", "/public/*")
                .require("/public/admin/*", Requirements.none())
                .require("/reports/*", Requirements.audience(AudienceRule.anyOf("reports-api")))
                .require("/api/reports/*", Requirements.audience(AudienceRule.anyOf("reports-api")))
                .require("/both/*", Requirements.audience(AudienceRule.allOf("service-b", "good-service")))
                .require("/write/*", Requirements.scopes("good-service", "email"))
                .require("/admin/*", Requirements.scopes("good-service", "admin"))
                .require("*.csv", Requirements.scopes("export"))
                .build();
        jetty = JettyServer.start(JettyServer.App.of("/app", filter));
        alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        aliceGood = demo.passwordGrant("service-a", "a-secret", "alice", "alice", "good-service").accessToken();
        bob = demo.passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    @Test
    void unprotectedPathsPassWithoutAToken() {
        assertThat(Http.get(jetty.uri("/app/health")).statusCode()).isEqualTo(200);
        assertThat(Http.get(jetty.uri("/app/public/page")).statusCode()).isEqualTo(200);
        assertThat(Http.get(jetty.uri("/app/public")).statusCode()).isEqualTo(200);
    }

    @Test
    void unprotectedPathsDoNotLookAtTokensAndCarryNoPrincipal() {
        HttpResponse<String> response = Http.get(jetty.uri("/app/public/page?access_token=x"), "Bearer not-a-token");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.lines(response)).containsEntry("principal", "").containsEntry("subject", "")
                .containsEntry("authType", "");
    }

    @Test
    void theLongestPrefixWinsOverAnUnprotectedParent() {
        assertThat(Http.get(jetty.uri("/app/public/admin/users")).statusCode()).isEqualTo(401);
        assertThat(Http.bearer(jetty.uri("/app/public/admin/users"), alice).statusCode()).isEqualTo(200);
    }

    @Test
    void exactPatternsMatchOnlyTheirPath() {
        assertThat(Http.get(jetty.uri("/app/health/details")).statusCode()).isEqualTo(401);
        assertThat(Http.get(jetty.uri("/app/healthz")).statusCode()).isEqualTo(401);
    }

    @Test
    void dotSegmentsCannotReachAProtectedPathThroughAnUnprotectedOne() {
        for (String path : List.of("/app/public/../reports/q", "/app/public/%2e%2e/reports/q", "/app/public/..;/reports/q",
                "/app/public;x=1/../reports/q", "/app/public%2F..%2Freports/q")) {
            int status = Http.bearer(jetty.uri(path), alice).statusCode();
            assertThat(status).as(path).isIn(400, 401, 404);
        }
    }

    @Test
    void aPerPathAudienceReplacesTheConfiguredOne() {
        assertThat(Http.bearer(jetty.uri("/app/reports/q"), bob).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = Http.bearer(jetty.uri("/app/reports/q"), alice);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(refused.body()).contains("not intended for this service");
        assertThat(Http.bearer(jetty.uri("/app/orders"), alice).statusCode()).isEqualTo(200);
    }

    @Test
    void rulesMatchTheServletPathAndPathInfoTogether() {
        HttpResponse<String> accepted = Http.bearer(jetty.uri("/app/api/reports/q"), bob);

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(Http.lines(accepted)).containsEntry("path", "/api/reports/q");
        assertThat(Http.bearer(jetty.uri("/app/api/reports/q"), alice).statusCode()).isEqualTo(401);
    }

    @Test
    void anAllOfAudienceRuleNeedsEveryAudience() {
        assertThat(Http.bearer(jetty.uri("/app/both/x"), aliceGood).statusCode()).isEqualTo(200);
        assertThat(Http.bearer(jetty.uri("/app/both/x"), alice).statusCode()).isEqualTo(401);
    }

    @Test
    void requiredScopesAreAllRequired() {
        assertThat(Http.bearer(jetty.uri("/app/write/x"), aliceGood).statusCode()).isEqualTo(200);

        HttpResponse<String> lacksOne = Http.bearer(jetty.uri("/app/admin/x"), aliceGood);
        assertThat(lacksOne.statusCode()).isEqualTo(403);
        assertThat(lacksOne.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").contains("scope=\"admin good-service\"");
        assertThat(lacksOne.body()).contains("\"error\":\"insufficient_scope\"");

        HttpResponse<String> lacksBoth = Http.bearer(jetty.uri("/app/write/x"), alice);
        assertThat(lacksBoth.statusCode()).isEqualTo(403);
        assertThat(lacksBoth.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"email good-service\"");
    }

    @Test
    void extensionPatternsMatchTheLastSegment() {
        assertThat(Http.bearer(jetty.uri("/app/orders/list.csv"), aliceGood).statusCode()).isEqualTo(403);
        assertThat(Http.bearer(jetty.uri("/app/orders/list.csv/x"), aliceGood).statusCode()).isEqualTo(200);
    }
}
