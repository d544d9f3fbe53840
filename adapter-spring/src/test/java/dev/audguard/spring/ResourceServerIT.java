package dev.audguard.spring;

import dev.audguard.issuer.Fault;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link ServiceB} answers: the right token passes, others get sdk-core's answers. */
class ResourceServerIT extends ServiceBTestBase {

    @Test
    void acceptsATokenMintedForIt() {
        HttpResponse<String> response = Http.bearer(uri("/api/orders"), alice());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"name\":\"alice\"").contains("\"verified\":true")
                .contains("\"issuer\":\"" + TestIssuers.demo().issuerUrl() + "\"");
    }

    @Test
    void refusesATokenForAnotherServiceWithFixedWording() {
        String forServiceC = TestIssuers.demo().clientCredentials("service-b", "b-secret").accessToken();

        HttpResponse<String> response = Http.bearer(uri("/api/orders"), forServiceC);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                .startsWith("Bearer realm=\"demo\", error=\"invalid_token\", error_description=\"The access token is not intended for this service.\"")
                .contains("resource_metadata=\"http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource\""));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"The access token is not intended for this service.\"}");
    }

    @Test
    void answersARequestWithoutTokenWithAChallengeWithoutError() {
        HttpResponse<String> response = Http.get(uri("/api/orders"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .startsWith("Bearer realm=\"demo\"").doesNotContain("error"));
        assertThat(response.body()).isEqualTo("{}");
    }

    @Test
    void refusesAQueryStringTokenAndTwoHeadersAsInvalidRequest() {
        String token = alice();

        assertThat(Http.get(uri("/api/orders?access_token=" + token)).statusCode()).isEqualTo(400);
        HttpResponse<String> twoHeaders = Http.get(uri("/api/orders"), "Bearer " + token, "Bearer " + token);
        assertThat(twoHeaders.statusCode()).isEqualTo(400);
        assertThat(twoHeaders.body()).contains("\"error\":\"invalid_request\"");
    }

    @Test
    void pathRuleAudienceReplacesTheServiceAudience() {
        String forServiceB = alice();
        String forReports = TestIssuers.demo().mint().subject("bob").audience("reports-api").sign();

        assertThat(Http.bearer(uri("/reports/summary"), forReports).statusCode()).isEqualTo(200);
        assertThat(Http.bearer(uri("/reports/summary"), forServiceB).statusCode()).isEqualTo(401);
        assertThat(Http.bearer(uri("/api/orders"), forReports).statusCode()).isEqualTo(401);
    }

    @Test
    void pathRuleScopesAreRequiredWithInsufficientScope() {
        HttpResponse<String> without = Http.bearer(uri("/admin/report"), alice());
        String withScopes = TestIssuers.demo().mint().subject("alice").audience("service-b").scope("admin audit").sign();

        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .contains("error=\"insufficient_scope\"").contains("scope=\"admin audit\""));
        assertThat(Http.bearer(uri("/admin/report"), withScopes).statusCode()).isEqualTo(200);
    }

    @Test
    void eachIssuerHasItsOwnAudience() {
        String partnerForServiceC = TestIssuers.partner().clientCredentials("service-b", "b-secret").accessToken();
        String partnerForServiceB = TestIssuers.partner().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        String demoForServiceC = TestIssuers.demo().clientCredentials("service-b", "b-secret").accessToken();

        HttpResponse<String> partner = Http.bearer(uri("/api/orders"), partnerForServiceC);
        assertThat(partner.statusCode()).isEqualTo(200);
        assertThat(partner.body()).contains("\"issuer\":\"" + TestIssuers.partner().issuerUrl() + "\"");
        assertThat(Http.bearer(uri("/api/orders"), partnerForServiceB).statusCode()).isEqualTo(401);
        assertThat(Http.bearer(uri("/api/orders"), demoForServiceC).statusCode()).isEqualTo(401);
    }

    @Test
    void answers503WithRetryAfterWhenTheIssuersKeysCannotBeFetched() {
        String token = TestIssuers.down().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        TestIssuers.down().faults().discovery(Fault.down()).jwks(Fault.down());
        try {
            HttpResponse<String> response = Http.bearer(uri("/api/orders"), token);

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c).doesNotContain("error="));
            assertThat(response.body()).contains("\"error\":\"temporarily_unavailable\"");
        } finally {
            TestIssuers.down().faults().clear();
        }
    }
}
