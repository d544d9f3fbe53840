package dev.audguard.jaxrs;

import dev.audguard.core.BearerPrincipal;
import dev.audguard.core.TokenValidator;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The annotation rules, run on each framework by a subclass. Tokens: bob's (aud service-b and
 * reports-api, client role reports-api/viewer), alice's (aud service-b, no role).
 */
abstract class AnnotationRulesContract extends RulesAppContract {
    private TestServer clientRoles;
    private TestServer realmRoles;

    @BeforeAll
    void startServers() {
        TokenValidator validator = serviceBValidator();
        clientRoles = start(new RulesApp(BearerTokenFeature.builder(validator)
                .rolesFromClient("reports-api")
                .principalClaim("preferred_username")
                .realm("demo")
                .build()));
        realmRoles = start(new RulesApp(BearerTokenFeature.builder(validator).build()));
    }

    @AfterAll
    void stopServers() {
        clientRoles.close();
        realmRoles.close();
    }

    private static String bob() {
        return demo().passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();
    }

    private static String alice() {
        return demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
    }

    private static Map<String, Object> clientRole(String client, String role) {
        return Map.of(client, Map.of("roles", List.of(role)));
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"demo\", error=\"" + error + "\"");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.body()).startsWith("{\"error\":\"" + error + "\"");
    }

    /** 403 from sdk-core's front door for a role the token lacks: access_denied in the body, a challenge without error. */
    private static void assertDenied(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).isEqualTo("Bearer realm=\"demo\"");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.body()).startsWith("{\"error\":\"access_denied\"").contains("role");
    }

    /** 403 for a method that admits nobody. */
    private static void assertDeniedToAll(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).isEqualTo("Bearer realm=\"demo\"");
        assertThat(response.body()).isEqualTo("{\"error\":\"access_denied\",\"error_description\":\"Access to this resource is denied.\"}");
    }

    @Test
    void classRulesApplyToMethodsWithoutTheirOwn() {
        assertThat(Http.bearer(clientRoles.uri("/reports"), bob()).statusCode()).isEqualTo(200);
        // alice's token is valid for service-b, but the class requires reports-api
        assertRefused(Http.bearer(clientRoles.uri("/reports"), alice()), 401, "invalid_token");
    }

    @Test
    void requireAudienceAppliesToItsResourceOnly() {
        String alice = alice();

        assertThat(Http.bearer(clientRoles.uri("/orders"), alice).statusCode()).isEqualTo(200);
        assertThat(Http.bearer(clientRoles.uri("/reports"), alice).statusCode()).isEqualTo(401);
    }

    @Test
    void aMethodsAudienceReplacesItsClasss() {
        String viewerForServiceB = demo().mint().subject("bob").audience("service-b")
                .claim("resource_access", clientRole("reports-api", "viewer")).sign();

        assertRefused(Http.bearer(clientRoles.uri("/reports"), viewerForServiceB), 401, "invalid_token");
        assertThat(Http.bearer(clientRoles.uri("/reports/for-service-b"), viewerForServiceB).statusCode()).isEqualTo(200);
        // the class's @RolesAllowed still applies to that method
        String plainForServiceB = demo().mint().subject("alice").audience("service-b").sign();
        assertDenied(Http.bearer(clientRoles.uri("/reports/for-service-b"), plainForServiceB));
    }

    @Test
    void rolesAllowedAnswersFromTheConfiguredClientsRoles() {
        String withoutRole = demo().mint().subject("alice").audience("reports-api").sign();
        String otherClientsRole = demo().mint().subject("alice").audience("reports-api")
                .claim("resource_access", clientRole("service-c", "viewer")).sign();

        assertThat(Http.bearer(clientRoles.uri("/reports"), bob()).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = Http.bearer(clientRoles.uri("/reports"), withoutRole);
        assertDenied(refused);
        assertThat(Http.bearer(clientRoles.uri("/reports"), otherClientsRole).statusCode()).isEqualTo(403);
    }

    @Test
    void aMissingRoleIsA403ThatNamesNoRole() {
        HttpResponse<String> refused = Http.bearer(clientRoles.uri("/orders/admin"), bob());

        assertDenied(refused);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).doesNotContain("scope=")
                .doesNotContain("admin").doesNotContain("auditor");
        assertThat(refused.body()).isEqualTo("{\"error\":\"access_denied\","
                + "\"error_description\":\"The access token does not carry a role this resource requires.\"}");
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    }

    @Test
    void rolesAllowedNeedsATokenFirst() {
        assertThat(Http.get(clientRoles.uri("/orders/admin")).statusCode()).isEqualTo(401);
        assertThat(Http.get(clientRoles.uri("/orders/admin")).headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"demo\"");
    }

    @Test
    void byDefaultRealmRolesAnswerRolesAllowed() {
        String auditor = demo().mint().subject("alice").audience("service-b")
                .claim("realm_access", Map.of("roles", List.of("auditor"))).sign();
        String clientAuditor = demo().mint().subject("alice").audience("service-b")
                .claim("resource_access", clientRole("reports-api", "auditor")).sign();

        assertThat(Http.bearer(realmRoles.uri("/orders/admin"), auditor).statusCode()).isEqualTo(200);
        assertThat(Http.bearer(realmRoles.uri("/orders/admin"), clientAuditor).statusCode()).isEqualTo(403);
        assertThat(Http.lines(Http.bearer(realmRoles.uri("/orders?role=auditor&role=viewer&role=**"), auditor)))
                .containsEntry("role:auditor", "true").containsEntry("role:viewer", "false").containsEntry("role:**", "true");
    }

    @Test
    void aMethodsPermitAllOverridesItsClasssRoles() {
        Map<String, String> anonymous = Http.lines(Http.get(clientRoles.uri("/reports/summary")));

        assertThat(anonymous).containsEntry("principal", "").containsEntry("subject", "");
        assertThat(Http.lines(Http.bearer(clientRoles.uri("/reports/summary"), bob()))).containsEntry("principal", "bob");
    }

    @Test
    void aPermitAllMethodStillRefusesABadToken() {
        String expired = demo().mint().subject("alice").audience("service-b").expiresAt(Instant.now().minusSeconds(600)).sign();
        String forged = demo().mint().subject("alice").audience("service-b").signedWithUnknownKey().sign();

        assertThat(Http.get(clientRoles.uri("/orders/public")).statusCode()).isEqualTo(200);
        assertThat(Http.lines(Http.bearer(clientRoles.uri("/orders/public"), alice())))
                .containsEntry("principal", "alice").containsEntry("scheme", "BEARER");
        assertRefused(Http.bearer(clientRoles.uri("/orders/public"), expired), 401, "invalid_token");
        assertRefused(Http.bearer(clientRoles.uri("/orders/public"), forged), 401, "invalid_token");
        assertRefused(Http.get(clientRoles.uri("/orders/public?access_token=" + alice())), 400, "invalid_request");
        // the class's audience applies to a @PermitAll method's token too
        assertRefused(Http.bearer(clientRoles.uri("/reports/summary"), alice()), 401, "invalid_token");
    }

    @Test
    void aMethodsRolesOverrideItsClasssPermitAll() {
        assertThat(Http.get(clientRoles.uri("/public")).statusCode()).isEqualTo(200);
        assertThat(Http.get(clientRoles.uri("/public/private")).statusCode()).isEqualTo(401);
        assertDenied(Http.bearer(clientRoles.uri("/public/private"), alice()));
        assertThat(Http.bearer(clientRoles.uri("/public/private"), bob()).statusCode()).isEqualTo(200);
    }

    @Test
    void denyAllRefusesEveryToken() {
        assertThat(Http.get(clientRoles.uri("/reports/internal")).statusCode()).isEqualTo(401);
        assertDeniedToAll(Http.bearer(clientRoles.uri("/reports/internal"), bob()));
    }

    @Test
    void requireScopeRefusesWithTheScopesInTheChallenge() {
        String writer = demo().mint().subject("alice").audience("service-b").scope("profile orders:write").sign();

        HttpResponse<String> refused = Http.bearer(clientRoles.uri("/orders/write"), alice());
        assertRefused(refused, 403, "insufficient_scope");
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"orders:write\"");
        assertThat(Http.bearer(clientRoles.uri("/orders/write"), writer).statusCode()).isEqualTo(200);
    }

    @Test
    void subResourceMethodsFollowTheirAnnotations() {
        assertThat(Http.get(clientRoles.uri("/items/7")).statusCode()).isEqualTo(401);
        assertThat(Http.bearer(clientRoles.uri("/items/7"), alice()).statusCode()).isEqualTo(403);
        HttpResponse<String> bob = Http.bearer(clientRoles.uri("/items/7"), bob());
        assertThat(bob.statusCode()).isEqualTo(200);
        assertThat(bob.body()).isEqualTo("item=7\n");
    }

    private void assertStartUpFails(Class<?> resource, String method) {
        TokenValidator validator = serviceBValidator();
        Throwable failure = catchThrowable(() -> start(new TestApp(BearerTokenFeature.builder(validator).build(), resource)).close());

        assertThat(failure).as("start-up of %s", resource.getSimpleName()).isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages.toString()).contains(method).contains("contradicts");
    }

    @Test
    void startUpFailsWhenTheImplementationContradictsItsInterface() {
        assertStartUpFails(ContradictingResources.DenyOnImplementation.class, "DenyOnImplementation#get");
    }

    @Test
    void startUpFailsWhenASubclassContradictsItsSuperclass() {
        assertStartUpFails(ContradictingResources.OtherScopeOnSubclass.class, "OtherScopeOnSubclass#get");
    }

    @Test
    void startUpFailsWhenTheImplementationClassContradictsItsInterface() {
        assertStartUpFails(ContradictingResources.AudienceOnImplementationClass.class, "AudienceOnImplementationClass#get");
    }

    @Test
    void startUpFailsWhenALocatorsDeclaredTypeContradictsItself() {
        assertStartUpFails(ContradictingResources.DeclaredLocator.class, "DenyOnImplementation#get");
    }

    @Test
    void aContradictionOnlyARequestCanRevealRefusesEveryToken() {
        TokenValidator validator = serviceBValidator();
        try (TestServer late = start(new TestApp(BearerTokenFeature.builder(validator).rolesFromClient("reports-api").realm("demo")
                .build(), ContradictingResources.LateLocator.class))) {
            assertThat(Http.get(late.uri("/contradicting/late/item")).statusCode()).isEqualTo(401);
            // bob has the viewer role the interface asks for: the implementation's @DenyAll is not dropped
            assertDeniedToAll(Http.bearer(late.uri("/contradicting/late/item"), bob()));
        }
    }

    @Test
    void theSecurityContextComesFromTheToken() {
        Map<String, String> seen = Http.lines(Http.bearer(clientRoles.uri("/orders?role=viewer&role=admin&role=**"), bob()));

        assertThat(seen).containsEntry("principal", "bob").containsEntry("principalType", "BearerPrincipal")
                .containsEntry("scheme", "BEARER").containsEntry("secure", "false")
                .containsEntry("subject", demo().subjectOf("bob"))
                .containsEntry("role:viewer", "true").containsEntry("role:admin", "false").containsEntry("role:**", "true");
    }

    @Test
    void byDefaultThePrincipalIsNamedBySub() {
        assertThat(Http.lines(Http.bearer(realmRoles.uri("/orders"), bob()))).containsEntry("principal", demo().subjectOf("bob"));
    }

    @Test
    void thePrincipalFallsBackToSubWhenTheConfiguredClaimIsAbsent() {
        String token = demo().mint().subject("alice").audience("service-b").withoutClaim("preferred_username").sign();

        assertThat(Http.lines(Http.bearer(clientRoles.uri("/orders"), token))).containsEntry("principal", demo().subjectOf("alice"));
    }
}
