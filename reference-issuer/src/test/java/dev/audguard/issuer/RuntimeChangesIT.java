package dev.audguard.issuer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 22 item 10: users, clients, roles, groups and mappers change while the issuer runs; later tokens follow. */
class RuntimeChangesIT {

    private ReferenceIssuer issuer;
    private RealmHandle shop;

    @BeforeEach
    void start() {
        issuer = ReferenceIssuer.builder().realm(Realm.builder("shop")
                .client("web", c -> c.secret("web-secret").directAccessGrants())
                .client("orders", c -> c.bearerOnly())
                .clientRole("orders", "read")
                .realmRole("staff")
                .group("engineering", g -> g.clientRoles("orders", "read").subGroup("backend", s -> { }))
                .user("alice", u -> u.password("alice"))
                .build()).start();
        shop = issuer.realm("shop");
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    private Map<String, Object> token(String user) {
        return Jwt.claims(shop.passwordGrant("web", "web-secret", user, user).accessToken());
    }

    private static List<String> aud(Map<String, Object> claims) {
        Object aud = claims.get("aud");
        return aud == null ? List.of() : aud instanceof String s ? List.of(s) : ((List<?>) aud).stream().map(String::valueOf).toList();
    }

    @Test
    void addedUserLogsInAndHoldsTheDefaultRoleAsKeycloaksAdminApiGivesIt() {
        assertThatThrownBy(() -> token("carol")).isInstanceOf(TokenRequestException.class);

        shop.changes().addUser("carol", u -> u.password("carol").clientRoles("orders", "read"));

        Map<String, Object> claims = token("carol");
        assertThat(aud(claims)).containsExactly("orders", "account");
        assertThat(claims).containsEntry("sub", shop.subjectOf("carol"));
        assertThat(shop.usernames()).contains("carol");
    }

    @Test
    void userAddedWithoutDefaultRolesGetsOnlyWhatItNames() {
        shop.changes().addUserWithoutDefaultRoles("dan", u -> u.password("dan").clientRoles("orders", "read"));

        assertThat(aud(token("dan"))).containsExactly("orders");
    }

    @Test
    void removedUserCannotLogInAndItsSessionStopsRefreshing() {
        String refresh = shop.passwordGrant("web", "web-secret", "alice", "alice").refreshToken().orElseThrow();

        shop.changes().removeUser("alice");

        assertThatThrownBy(() -> token("alice")).isInstanceOfSatisfying(TokenRequestException.class,
                e -> assertThat(e.error()).isEqualTo("invalid_grant"));
        assertThatThrownBy(() -> shop.refresh("web", "web-secret", refresh)).isInstanceOfSatisfying(TokenRequestException.class,
                e -> assertThat(e.error()).isEqualTo("invalid_grant"));
        assertThat(shop.usernames()).doesNotContain("alice");
    }

    @Test
    void addedClientGetsTokensAndItsRolesPutItIntoTheAudience() {
        shop.changes().addClient("billing", c -> c.bearerOnly())
                .addClient("batch", c -> c.secret("batch-secret").serviceAccount())
                .addClientRole("billing", "pay")
                .grantClientRoles("alice", "billing", "pay")
                .grantClientRoles("service-account-batch", "billing", "pay");

        assertThat(aud(token("alice"))).containsExactly("billing");
        // the service account the import rules give a new client, with the default roles: account too
        assertThat(aud(Jwt.claims(shop.clientCredentials("batch", "batch-secret").accessToken())))
                .containsExactlyInAnyOrder("billing", "account");
    }

    @Test
    void removedClientIsRefusedAndLeavesEveryAudienceItWasIn() {
        shop.changes().addClient("batch", c -> c.secret("batch-secret").serviceAccount())
                .grantClientRoles("alice", "orders", "read");
        String before = shop.clientCredentials("batch", "batch-secret").accessToken();
        assertThat(aud(token("alice"))).containsExactly("orders");

        shop.changes().removeClient("batch").removeClient("orders");

        assertThatThrownBy(() -> shop.clientCredentials("batch", "batch-secret")).isInstanceOfSatisfying(
                TokenRequestException.class, e -> assertThat(e.error()).isEqualTo("invalid_client"));
        Map<String, Object> after = token("alice");
        assertThat(after).doesNotContainKey("aud");
        assertThat(after.get("resource_access")).isNull();
        assertThat(shop.usernames()).doesNotContain("service-account-batch");
        assertThat(Jwt.claims(before)).containsEntry("azp", "batch"); // tokens issued before keep what they carry
    }

    @Test
    void realmAndClientRolesAreAddedGrantedRevokedAndRemoved() {
        shop.changes().addRealmRole("auditor", "staff").grantRealmRoles("alice", "auditor")
                .grantClientRoles("alice", "orders", "read");

        Map<String, Object> granted = token("alice");
        assertThat(aud(granted)).containsExactly("orders");
        assertThat(granted.get("realm_access")).asString().contains("auditor", "staff");

        shop.changes().revokeClientRoles("alice", "orders", "read");
        assertThat(token("alice")).doesNotContainKey("aud");

        shop.changes().removeRealmRole("auditor");
        assertThat(String.valueOf(token("alice").get("realm_access"))).doesNotContain("auditor").doesNotContain("staff");

        shop.changes().addClientRole("orders", "write").grantClientRoles("alice", "orders", "write");
        assertThat(aud(token("alice"))).containsExactly("orders");
        shop.changes().removeClientRole("orders", "write");
        assertThat(token("alice")).doesNotContainKey("aud");
    }

    @Test
    void groupMembershipFeedsTheAudienceFromTheFirstTokenAfterIt() {
        assertThat(token("alice")).doesNotContainKey("aud");

        shop.changes().joinGroup("alice", "/engineering/backend");
        assertThat(aud(token("alice"))).containsExactly("orders");
        assertThat(shop.evaluate("web", "alice").notes()).anyMatch(n -> n.contains("group /engineering grants orders/read"));

        shop.changes().leaveGroup("alice", "engineering/backend");
        assertThat(token("alice")).doesNotContainKey("aud");

        shop.changes().addGroup("ops", g -> g.clientRoles("orders", "read")).joinGroup("alice", "/ops");
        assertThat(aud(token("alice"))).containsExactly("orders");
    }

    @Test
    void protocolMappersAddedAndRemovedChangeTheNextTokens() {
        shop.changes().addAudienceMapper("web", "orders")
                .addProtocolMapper("web", "tenant", "oidc-hardcoded-claim-mapper",
                        Map.of("claim.name", "tenant", "claim.value", "acme", "jsonType.label", "String", "access.token.claim", "true"));

        Map<String, Object> mapped = token("alice");
        assertThat(aud(mapped)).containsExactly("orders");
        assertThat(mapped).containsEntry("tenant", "acme");
        assertThat(shop.evaluate("web", "alice").reasons()).containsKey("orders");

        shop.changes().removeProtocolMapper("web", "audience orders").removeProtocolMapper("web", "tenant");
        Map<String, Object> unmapped = token("alice");
        assertThat(unmapped).doesNotContainKey("aud").doesNotContainKey("tenant");
    }

    @Test
    void aChangeTheRealmCannotTakeThrowsAndChangesNothing() {
        assertThatThrownBy(() -> shop.changes().grantClientRoles("alice", "orders", "no-such-role"))
                .isInstanceOf(RealmFormatException.class).hasMessageContaining("unknown role 'orders/no-such-role'");
        assertThatThrownBy(() -> shop.changes().addUser("ALICE", u -> u.password("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists already");
        assertThatThrownBy(() -> shop.changes().removeClient("nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no client 'nope'");
        assertThatThrownBy(() -> shop.changes().joinGroup("alice", "/nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shop.changes().removeUser("service-account-web")).isInstanceOf(IllegalArgumentException.class);

        assertThat(token("alice")).doesNotContainKey("aud");
        assertThat(shop.evaluate("web", "alice").audience()).isEmpty();
    }

    @Test
    void clientAddedWithAnotherSigningAlgorithmGetsAKeyOfItsType() {
        shop.changes().addClient("edge", c -> c.secret("edge-secret").serviceAccount()
                .attribute("access.token.signed.response.alg", "ES256"));

        String token = shop.clientCredentials("edge", "edge-secret").accessToken();

        assertThat(Jwt.header(token)).containsEntry("alg", "ES256");
        assertThat(Http.get(shop.jwksUri()).body()).contains("\"kid\":\"" + Jwt.header(token).get("kid") + "\"");
    }

    /**
     * Each change swaps one immutable snapshot: while one thread adds and removes a client (whose
     * removal also takes alice's grant of its role), every token minted meanwhile is wholly before or
     * wholly after a change, never a mix, and no request fails.
     */
    @Test
    void concurrentTokenRequestsSeeOneSnapshotOrTheOtherNeverAMix() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Map<String, Object>>>> futures = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                futures.add(pool.submit(() -> {
                    List<Map<String, Object>> seen = new ArrayList<>();
                    for (int i = 0; i < 12; i++) {
                        seen.add(token("alice"));
                    }
                    return seen;
                }));
            }
            for (int i = 0; i < 8; i++) {
                shop.changes().addClient("billing", c -> c.bearerOnly()).addClientRole("billing", "pay")
                        .grantClientRoles("alice", "billing", "pay");
                shop.changes().removeClient("billing");
            }
            for (Future<List<Map<String, Object>>> f : futures) {
                for (Map<String, Object> claims : f.get(120, TimeUnit.SECONDS)) {
                    boolean inAud = aud(claims).contains("billing");
                    boolean inRoles = String.valueOf(claims.get("resource_access")).contains("billing");
                    assertThat(inAud).as("aud and resource_access from one snapshot: %s", claims).isEqualTo(inRoles);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
