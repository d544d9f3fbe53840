package dev.audguard.issuer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8693 beyond the demo realm's answers: delegation, the strict-RFC switch, refresh tokens, public clients. */
class TokenExchangeIT {

    private static ReferenceIssuer issuer;
    private static ReferenceIssuer strict;
    private static RealmHandle shop;

    static Realm realm() {
        return Realm.builder("shop")
                .client("web", c -> c.secret("web-secret").directAccessGrants().audienceMapper("gateway"))
                .client("gateway", c -> c.secret("gw-secret").serviceAccount().standardTokenExchange()
                        .attribute("standard.token.exchange.enableRefreshRequestedTokenType", "SAME_SESSION")
                        .audienceMapper("orders").audienceMapper("retired"))
                .client("mobile", c -> c.publicClient().standardTokenExchange())
                .client("orders", c -> c.bearerOnly())
                .client("retired", c -> c.disabled())
                .user("carol", u -> u.password("carol"))
                .build();
    }

    @BeforeAll
    static void start() {
        issuer = ReferenceIssuer.builder().realm(realm()).start();
        strict = ReferenceIssuer.builder().realm(realm()).strictRfc8693().start();
        shop = issuer.realm("shop");
    }

    @AfterAll
    static void stop() {
        issuer.close();
        strict.close();
    }

    @Test
    void withoutAudienceParameterTheRequesterGetsItsFullAudience() {
        String subject = shop.passwordGrant("web", "web-secret", "carol", "carol").accessToken();

        assertThat(Jwt.claims(shop.exchange("gateway", "gw-secret", subject).accessToken()).get("aud")).isEqualTo("orders");
    }

    @Test
    void delegationWithMayActNamingTheActorAddsNestedAct() {
        String actor = shop.clientCredentials("gateway", "gw-secret").accessToken();
        String actorSub = (String) Jwt.claims(actor).get("sub");
        String subject = shop.mint().subject("carol").asIssuedTo("web").claim("may_act", Map.of("sub", actorSub))
                .claim("act", Map.of("sub", "earlier-actor")).sign();

        Http.Answer answer = Http.postBasic(shop.tokenEndpoint(), "gateway", "gw-secret",
                Http.exchangeForm(subject, "audience", "orders", "actor_token", actor, "actor_token_type", Http.ACCESS_TOKEN_TYPE));

        assertThat(answer.status()).isEqualTo(200);
        Map<String, Object> claims = Jwt.claims((String) answer.json().get("access_token"));
        assertThat(claims.get("act")).isEqualTo(Map.of("sub", actorSub, "client_id", "gateway", "act", Map.of("sub", "earlier-actor")));
        assertThat(claims).containsEntry("sub", shop.subjectOf("carol"));
    }

    @Test
    void delegationWithoutMatchingMayActIsDenied() {
        String actor = shop.clientCredentials("gateway", "gw-secret").accessToken();
        String subject = shop.mint().subject("carol").asIssuedTo("web").claim("may_act", Map.of("sub", "somebody-else")).sign();

        Http.Answer answer = Http.postBasic(shop.tokenEndpoint(), "gateway", "gw-secret",
                Http.exchangeForm(subject, "actor_token", actor, "actor_token_type", Http.ACCESS_TOKEN_TYPE));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json()).containsEntry("error", "access_denied");
    }

    @Test
    void strictRfcModeAnswersInvalidTarget() {
        RealmHandle strictShop = strict.realm("shop");
        String subject = strictShop.passwordGrant("web", "web-secret", "carol", "carol").accessToken();

        for (String audience : List.of("no-such-client", "retired", "web")) {
            Http.Answer answer = Http.postBasic(strictShop.tokenEndpoint(), "gateway", "gw-secret", Http.exchangeForm(subject, "audience", audience));
            assertThat(answer.status()).as(audience).isEqualTo(400);
            assertThat(answer.json()).as(audience).containsEntry("error", "invalid_target");
        }
    }

    @Test
    void disabledAudienceIsInvalidClientInKeycloakMode() {
        String subject = shop.passwordGrant("web", "web-secret", "carol", "carol").accessToken();

        Http.Answer answer = Http.postBasic(shop.tokenEndpoint(), "gateway", "gw-secret", Http.exchangeForm(subject, "audience", "retired"));

        assertThat(answer.json()).containsEntry("error", "invalid_client").containsEntry("error_description", "Client disabled");
    }

    @Test
    void refreshTokenIsIssuedWhenTheClientAllowsItAndTheSubjectHasASession() {
        String subject = shop.passwordGrant("web", "web-secret", "carol", "carol").accessToken();

        Http.Answer answer = Http.postBasic(shop.tokenEndpoint(), "gateway", "gw-secret",
                Http.exchangeForm(subject, "requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsKey("refresh_token")
                .containsEntry("issued_token_type", "urn:ietf:params:oauth:token-type:refresh_token");
    }

    @Test
    void publicClientCannotExchange() {
        String subject = shop.passwordGrant("web", "web-secret", "carol", "carol").accessToken();

        Http.Answer answer = Http.post(shop.tokenEndpoint(), Http.exchangeForm(subject, "client_id", "mobile"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void tokenFromAnotherIssuerOrWithTrailingSlashIssuerIsInvalid() {
        for (String iss : List.of("https://evil.example/realms/shop", shop.issuerUrl() + "/")) {
            String subject = shop.mint().subject("carol").asIssuedTo("web").issuer(iss).sign();
            Http.Answer answer = Http.postBasic(shop.tokenEndpoint(), "gateway", "gw-secret", Http.exchangeForm(subject));
            assertThat(answer.json()).as(iss).containsEntry("error", "invalid_request").containsEntry("error_description", "Invalid token");
        }
    }
}
