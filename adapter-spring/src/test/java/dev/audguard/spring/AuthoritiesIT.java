package dev.audguard.spring;

import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Scopes and Keycloak roles as authorities, method security and the principal in {@link ServiceB}. */
class AuthoritiesIT extends ServiceBTestBase {

    @Test
    void scopesBecomeScopeAuthoritiesAndClientRolesBecomeRoles() {
        HttpResponse<String> response = Http.bearer(uri("/api/orders"), bob());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"SCOPE_profile\"").contains("\"SCOPE_email\"").contains("\"ROLE_viewer\"");
    }

    @Test
    void realmRolesBecomeRolesByDefault() {
        String withRealmRole = TestIssuers.demo().mint().subject("alice").audience("service-b")
                .claim("realm_access", java.util.Map.of("roles", java.util.List.of("auditor"))).sign();

        assertThat(Http.bearer(uri("/api/orders"), withRealmRole).body()).contains("\"ROLE_auditor\"");
    }

    @Test
    void methodSecurityAllowsTheRoleAndRefusesOthersWithRoleWording() {
        HttpResponse<String> allowed = Http.bearer(uri("/viewer"), bob());
        HttpResponse<String> refused = Http.bearer(uri("/viewer"), alice());

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("viewer bob");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"demo\", resource_metadata=\"http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource\"");
        assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(refused.body()).isEqualTo(
                "{\"error\":\"access_denied\",\"error_description\":\"The access token does not carry a role this resource requires.\"}");
    }

    @Test
    void aMissingScopeAuthorityIsAnsweredInsufficientScopeNamingIt() {
        HttpResponse<String> refused = Http.bearer(uri("/orders/write"), alice());
        String withScope = TestIssuers.demo().mint().subject("alice").audience("service-b").scope("orders:write").sign();

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .startsWith("Bearer realm=\"demo\", error=\"insufficient_scope\"").contains("scope=\"orders:write\""));
        assertThat(refused.body()).isEqualTo(
                "{\"error\":\"insufficient_scope\",\"error_description\":\"The access token does not grant the required scope.\"}");
        assertThat(Http.bearer(uri("/orders/write"), withScope).body()).isEqualTo("written");
    }

    @Test
    void aRuleThatAdmitsNobodyIsAnsweredAccessDenied() {
        HttpResponse<String> refused = Http.bearer(uri("/closed"), bob());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"error\":\"access_denied\",\"error_description\":\"Access to this resource is denied.\"}");
    }

    @Test
    void principalIsThePrincipalClaimFallingBackToSub() {
        String withoutUsername = TestIssuers.demo().mint().subjectId("user-7").withoutClaim("preferred_username").audience("service-b").sign();

        assertThat(Http.bearer(uri("/api/orders"), alice()).body()).contains("\"name\":\"alice\"");
        assertThat(Http.bearer(uri("/api/orders"), withoutUsername).body()).contains("\"name\":\"user-7\"");
    }
}
