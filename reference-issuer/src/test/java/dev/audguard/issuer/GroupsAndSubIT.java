package dev.audguard.issuer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keycloak 26 fidelity: roles through groups and subgroups feed aud as direct roles do; sub needs the basic scope. */
class GroupsAndSubIT {

    private static ReferenceIssuer issuer;
    private static RealmHandle shop;

    @BeforeAll
    static void start() {
        issuer = ReferenceIssuer.builder().realm(Realm.builder("shop")
                .client("web", c -> c.secret("web-secret").directAccessGrants())
                .client("legacy", c -> c.secret("legacy-secret").directAccessGrants().serviceAccount()
                        .defaultScopes("profile", "email", "roles"))
                .client("orders", c -> c.bearerOnly())
                .client("billing", c -> c.bearerOnly())
                .clientRole("orders", "read")
                .clientRole("billing", "pay")
                .group("engineering", g -> g.clientRoles("orders", "read")
                        .subGroup("backend", sub -> sub.clientRoles("billing", "pay")))
                .user("dave", u -> u.password("dave").groups("/engineering/backend"))
                .user("erin", u -> u.password("erin").groups("engineering"))
                .user("frank", u -> u.password("frank").clientRoles("orders", "read").clientRoles("billing", "pay"))
                .build()).start();
        shop = issuer.realm("shop");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static Map<String, Object> accessToken(String client, String user) {
        return Jwt.claims(shop.passwordGrant(client, client + "-secret", user, user).accessToken());
    }

    @Test
    void clientRolesThroughASubgroupAndItsParentGiveTheSameAudienceAsDirectRoles() {
        Map<String, Object> viaGroups = accessToken("web", "dave");
        Map<String, Object> direct = accessToken("web", "frank");

        assertThat(viaGroups.get("aud")).isEqualTo(List.of("orders", "billing")).isEqualTo(direct.get("aud"));
        assertThat(viaGroups.get("resource_access")).isEqualTo(direct.get("resource_access"));
        assertThat(accessToken("web", "erin")).containsEntry("aud", "orders");
    }

    @Test
    void evaluateSaysWhichGroupGrantedTheRoles() {
        Evaluation e = shop.evaluate("web", "dave");

        assertThat(e.audience()).containsExactly("orders", "billing");
        assertThat(e.notes()).contains("group /engineering/backend grants billing/pay",
                "group /engineering grants orders/read (inherited by its subgroup)");
    }

    @Test
    void groupMembershipMapperListsDirectMembershipsByFullPath() {
        Realm realm = Realm.fromJson("""
                {"realm": "g", "clients": [{"clientId": "web", "secret": "s", "directAccessGrantsEnabled": true,
                  "protocolMappers": [{"name": "groups", "protocol": "openid-connect", "protocolMapper": "oidc-group-membership-mapper",
                    "config": {"claim.name": "groups", "full.path": "true", "access.token.claim": "true"}}]}],
                 "groups": [{"name": "a", "subGroups": [{"name": "b"}]}],
                 "users": [{"username": "u", "enabled": true, "groups": ["/a/b"],
                   "credentials": [{"type": "password", "value": "u"}]}]}
                """);
        try (ReferenceIssuer own = ReferenceIssuer.builder().realm(realm).start()) {
            Map<String, Object> claims = Jwt.claims(own.realm("g").passwordGrant("web", "s", "u", "u").accessToken());

            assertThat(claims).containsEntry("groups", List.of("/a/b"));
            assertThat(realm.ignoredFeatures()).isEmpty();
        }
    }

    @Test
    void membershipsOfUnknownGroupsFailNamingThePath() {
        assertThatThrownBy(() -> Realm.fromJson("{\"realm\":\"g\",\"groups\":[{\"name\":\"a\"}],"
                + "\"users\":[{\"username\":\"u\",\"groups\":[\"/a\",\"/nope\"]}]}"))
                .isInstanceOfSatisfying(RealmFormatException.class, e -> {
                    assertThat(e.jsonPath()).isEqualTo("$.users[0].groups[1]");
                    assertThat(e.problem()).isEqualTo("unknown group '/nope'");
                });
        assertThatThrownBy(() -> Realm.fromJson("{\"realm\":\"g\",\"groups\":[{\"name\":\"a\",\"realmRoles\":[\"ghost\"]}]}"))
                .isInstanceOfSatisfying(RealmFormatException.class, e -> assertThat(e.jsonPath()).isEqualTo("$.groups[0].realmRoles[0]"));
    }

    @Test
    void aClientWhoseDefaultScopesLackBasicGetsTokensWithoutSubAndIsToldSo() {
        Map<String, Object> withBasic = accessToken("web", "dave");
        Map<String, Object> withoutBasic = accessToken("legacy", "dave");

        assertThat(withBasic).containsEntry("sub", shop.subjectOf("dave"));
        assertThat(withoutBasic).doesNotContainKey("sub").containsEntry("azp", "legacy");
        assertThat(Jwt.claims(shop.clientCredentials("legacy", "legacy-secret").accessToken())).doesNotContainKey("sub");
        Evaluation e = shop.evaluate("legacy", "dave");
        assertThat(e.notes()).anySatisfy(n -> assertThat(n).startsWith("no sub:").contains("'basic'"));
        assertThat(shop.evaluate("web", "dave").notes()).noneSatisfy(n -> assertThat(n).startsWith("no sub:"));
    }

    @Test
    void theStartUpNoticesNameEachClientWithoutSub() {
        Realm realm = Realm.builder("n")
                .client("legacy", c -> c.secret("s").defaultScopes("profile"))
                .client("modern", c -> c.secret("s"))
                .build();

        assertThat(realm.notices()).singleElement().satisfies(n -> assertThat(n).startsWith("client legacy: ")
                .contains("carry no sub"));
        assertThat(Realm.builtInDemo().notices()).isEmpty();
    }
}
