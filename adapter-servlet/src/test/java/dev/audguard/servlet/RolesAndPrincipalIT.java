package dev.audguard.servlet;

import dev.audguard.core.BearerPrincipal;
import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the application sees of an accepted request: principal, remote user, roles, auth type, token. */
class RolesAndPrincipalIT {
    private static final Realm SHOP = Realm.builder("shop")
            .realmRole("auditor")
            .client("web", c -> c.secret("web-secret").directAccessGrants().audienceMapper("orders"))
            .client("orders", c -> c.bearerOnly())
            .clientRole("orders", "clerk")
            .user("carol", u -> u.password("carol").realmRoles("auditor").clientRoles("orders", "clerk"))
            .build();

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.withRealms(Realm.builtInDemo(), SHOP);

    private static JettyServer jetty;

    @BeforeAll
    static void start() {
        RealmHandle demo = issuer.realm("demo");
        RealmHandle shop = issuer.realm("shop");
        BearerTokenFilter clientRoles = BearerTokenFilter.builder(
                        TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build())
                .rolesFromClient("reports-api")
                .principalClaim("preferred_username")
                .build();
        BearerTokenFilter realmRoles = BearerTokenFilter.builder(
                        TokenValidator.builder().issuer(shop.issuerUrl()).audience("orders").build())
                .build();
        jetty = JettyServer.start(JettyServer.App.of("/demo", clientRoles), JettyServer.App.of("/shop", realmRoles));
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    @Test
    void clientRolesAnswerIsUserInRoleWhenConfigured() {
        String bob = issuer.realm("demo").passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();

        Map<String, String> seen = Http.lines(Http.bearer(jetty.uri("/demo/orders?role=viewer&role=admin&role=**&role=auditor"), bob));

        assertThat(seen).containsEntry("role:viewer", "true").containsEntry("role:admin", "false")
                .containsEntry("role:**", "true").containsEntry("role:auditor", "false");
    }

    @Test
    void aUserWithoutTheClientRoleIsNotInIt() {
        String alice = issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        assertThat(Http.lines(Http.bearer(jetty.uri("/demo/orders?role=viewer"), alice))).containsEntry("role:viewer", "false");
    }

    @Test
    void byDefaultRealmRolesAnswerIsUserInRole() {
        String carol = issuer.realm("shop").passwordGrant("web", "web-secret", "carol", "carol").accessToken();

        Map<String, String> seen = Http.lines(Http.bearer(jetty.uri("/shop/orders?role=auditor&role=clerk"), carol));

        assertThat(seen).containsEntry("role:auditor", "true").containsEntry("role:clerk", "false");
    }

    @Test
    void byDefaultThePrincipalIsNamedBySub() {
        RealmHandle shop = issuer.realm("shop");
        String carol = shop.passwordGrant("web", "web-secret", "carol", "carol").accessToken();

        Map<String, String> seen = Http.lines(Http.bearer(jetty.uri("/shop/orders"), carol));

        assertThat(seen).containsEntry("principal", shop.subjectOf("carol")).containsEntry("remoteUser", shop.subjectOf("carol"))
                .containsEntry("principalType", "BearerPrincipal");
    }

    @Test
    void explicitlyThePrincipalIsNamedByTheConfiguredClaim() {
        RealmHandle demo = issuer.realm("demo");
        String bob = demo.passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();

        Map<String, String> seen = Http.lines(Http.bearer(jetty.uri("/demo/orders"), bob));

        assertThat(seen).containsEntry("principal", "bob").containsEntry("remoteUser", "bob")
                .containsEntry("subject", demo.subjectOf("bob"));
    }

    @Test
    void thePrincipalFallsBackToSubWhenTheConfiguredClaimIsAbsent() {
        RealmHandle demo = issuer.realm("demo");
        String token = demo.mint().subject("alice").audience("service-b").withoutClaim("preferred_username").sign();

        assertThat(Http.lines(Http.bearer(jetty.uri("/demo/orders"), token))).containsEntry("principal", demo.subjectOf("alice"));
    }

    @Test
    void theAuthTypeIsBearerAndTheTokenIsAnAttributeWithATypedAccessor() {
        String alice = issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        Map<String, String> seen = Http.lines(Http.bearer(jetty.uri("/demo/orders"), alice));

        assertThat(seen).containsEntry("authType", "BEARER").containsEntry("attribute", "true")
                .containsEntry("subject", issuer.realm("demo").subjectOf("alice"));
    }
}
