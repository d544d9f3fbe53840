package dev.audguard.issuer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keycloak's aud algorithm, step by step, over real grants against a realm built in code. */
class AudienceAlgorithmIT {

    private static ReferenceIssuer issuer;
    private static RealmHandle shop;

    @BeforeAll
    static void start() {
        Realm realm = Realm.builder("shop")
                .client("web", c -> c.secret("web-secret").directAccessGrants().serviceAccount()
                        .audienceMapper("orders")
                        .audienceMapper("no-such-client")
                        .audienceMapper("retired")
                        .customAudienceMapper("https://legacy.example.com")
                        .optionalScopes("billing", "offline_access"))
                .client("lonely", c -> c.secret("lonely-secret").directAccessGrants().serviceAccount()
                        .defaultScopes("profile", "email"))
                .client("narrow", c -> c.secret("narrow-secret").directAccessGrants().restrictScope())
                .client("orders", c -> c.bearerOnly())
                .client("billing-api", c -> c.bearerOnly())
                .client("reports-api", c -> c.bearerOnly())
                .client("archive-api", c -> c.bearerOnly())
                .client("retired", c -> c.disabled())
                .clientRole("reports-api", "viewer")
                .clientRole("archive-api", "reader")
                .clientScope("billing", s -> s.audienceMapperInIdToken("billing-api"))
                .clientScopeMapping("reports-api", "narrow", "viewer")
                .user("carol", u -> u.password("carol").email("carol@example.com")
                        .clientRoles("reports-api", "viewer").clientRoles("archive-api", "reader"))
                .build();
        issuer = ReferenceIssuer.builder().realm(realm).start();
        shop = issuer.realm("shop");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void audienceMapperAddsItsClientAndSkipsMissingOrDisabledOnesResolveMapperAddsRoleClients() {
        Map<String, Object> claims = Jwt.claims(shop.passwordGrant("web", "web-secret", "carol", "carol").accessToken());

        assertThat(claims.get("aud")).isEqualTo(List.of("orders", "https://legacy.example.com", "reports-api", "archive-api"));
        assertThat(claims.get("azp")).isEqualTo("web");
    }

    @Test
    void requestingClientIsNeverItsOwnAudienceEvenWhenHoldingItsRoles() {
        Evaluation e = shop.evaluate("reports-api", "carol");

        assertThat(e.audience()).containsExactly("archive-api").doesNotContain("reports-api");
        assertThat(e.accessTokenClaims()).containsEntry("azp", "reports-api");
    }

    @Test
    void fullScopeAllowedFalseLimitsRolesToScopeMappings() {
        Map<String, Object> claims = Jwt.claims(shop.passwordGrant("narrow", "narrow-secret", "carol", "carol").accessToken());

        assertThat(claims.get("aud")).isEqualTo("reports-api");
        assertThat(claims.get("resource_access")).isEqualTo(Map.of("reports-api", Map.of("roles", List.of("viewer"))));
    }

    @Test
    void optionalScopeAddsItsAudienceOnlyWhenRequested() {
        Map<String, Object> without = Jwt.claims(shop.passwordGrant("web", "web-secret", "carol", "carol").accessToken());
        Map<String, Object> with = Jwt.claims(shop.passwordGrant("web", "web-secret", "carol", "carol", "billing").accessToken());

        assertThat(TokenAud.of(without)).doesNotContain("billing-api");
        assertThat(TokenAud.of(with)).contains("billing-api");
        assertThat(with.get("scope")).isEqualTo("profile email billing");
    }

    @Test
    void unknownOrUnassignedScopeIsInvalidScope() {
        for (String scope : List.of("bogus", "billing")) {
            String client = scope.equals("billing") ? "lonely" : "web";
            assertThatThrownBy(() -> shop.passwordGrant(client, client + "-secret", "carol", "carol", scope))
                    .isInstanceOfSatisfying(TokenRequestException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.error()).isEqualTo("invalid_scope");
                    });
        }
    }

    @Test
    void clientWithNothingResolvingGetsNoAudClaimAndEvaluateFlagsIt() {
        Map<String, Object> claims = Jwt.claims(shop.passwordGrant("lonely", "lonely-secret", "carol", "carol").accessToken());
        Evaluation evaluation = shop.evaluate("lonely", "carol");

        assertThat(claims).doesNotContainKey("aud").containsEntry("azp", "lonely");
        assertThat(evaluation.hasNoAudience()).isTrue();
        assertThat(evaluation.notes()).anyMatch(n -> n.startsWith("no aud"));
    }

    @Test
    void idTokenAudienceIsTheClientPlusMappersWithIdTokenClaimWhileAccessTokenDiffers() {
        TokenResponse response = shop.passwordGrant("web", "web-secret", "carol", "carol", "openid", "billing");
        Map<String, Object> id = Jwt.claims(response.idToken().orElseThrow());
        Map<String, Object> access = Jwt.claims(response.accessToken());

        assertThat(id.get("aud")).isEqualTo(List.of("web", "billing-api"));
        assertThat(id).containsEntry("typ", "ID").containsEntry("azp", "web").containsKey("at_hash");
        assertThat(TokenAud.of(access)).doesNotContain("web").contains("orders", "billing-api");
        assertThat(response.scope()).isEqualTo("openid profile email billing");
    }

    @Test
    void demoRealmIdTokenAudienceIsServiceAAloneWhileAccessTokenIsServiceB() {
        try (ReferenceIssuer demoIssuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start()) {
            TokenResponse r = demoIssuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice", "openid");

            assertThat(Jwt.claims(r.idToken().orElseThrow()).get("aud")).isEqualTo("service-a");
            assertThat(Jwt.claims(r.accessToken()).get("aud")).isEqualTo("service-b");
        }
    }

    @Test
    void evaluateExplainsEachAudience() {
        Evaluation e = shop.evaluate("web", "carol", "billing");

        assertThat(e.reasons().get("orders")).singleElement().asString()
                .contains("oidc-audience-mapper", "client web", "included.client.audience");
        assertThat(e.reasons().get("reports-api")).singleElement().asString()
                .contains("oidc-audience-resolve-mapper", "client scope roles", "reports-api/viewer");
        assertThat(e.reasons().get("billing-api")).singleElement().asString().contains("client scope billing");
        assertThat(e.notes()).anyMatch(n -> n.contains("no-such-client") || n.contains("names no client"))
                .anyMatch(n -> n.contains("disabled client"));
    }

    @Test
    void evaluateOverHttpServesTheSameReport() {
        Http.Answer answer = Http.get(java.net.URI.create(shop.issuerUrl() + "/testing/evaluate?client_id=lonely&username=carol"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("no_audience", true).containsEntry("audience", List.of());
        assertThat(Http.get(java.net.URI.create(shop.issuerUrl() + "/testing/evaluate?client_id=web&username=carol&scope=bogus"))
                .json()).containsEntry("error", "invalid_scope");
    }

    /** aud as a list whatever its JSON shape. */
    static final class TokenAud {
        static List<String> of(Map<String, Object> claims) {
            Object aud = claims.get("aud");
            if (aud == null) {
                return List.of();
            }
            return aud instanceof String s ? List.of(s) : ((List<?>) aud).stream().map(String::valueOf).toList();
        }
    }
}
