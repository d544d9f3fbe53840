package dev.audguard.issuer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 7009 revocation and logout, advertised in discovery, and their effect on refresh and introspection. */
class RevocationAndLogoutIT {

    private static final String AFTER_LOGOUT = "http://localhost:9000/bye";

    private static ReferenceIssuer issuer;
    private static RealmHandle shop;

    @BeforeAll
    static void start() {
        issuer = ReferenceIssuer.builder().realm(Realm.builder("shop")
                .client("web", c -> c.secret("web-secret").directAccessGrants().audienceMapper("orders")
                        .attribute("post.logout.redirect.uris", AFTER_LOGOUT))
                .client("other", c -> c.secret("other-secret").directAccessGrants())
                .client("orders", c -> c.secret("orders-secret"))
                .user("carol", u -> u.password("carol"))
                .build()).start();
        shop = issuer.realm("shop");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static boolean active(String token) {
        return Boolean.TRUE.equals(Http.postBasic(shop.introspectionEndpoint(), "orders", "orders-secret",
                Map.of("token", token)).json().get("active"));
    }

    private static TokenResponse login() {
        return shop.passwordGrant("web", "web-secret", "carol", "carol", "openid");
    }

    @Test
    void discoveryAdvertisesTheRevocationAndEndSessionEndpoints() {
        Map<String, Object> discovery = Http.get(shop.discoveryUri()).json();

        assertThat(discovery).containsEntry("revocation_endpoint", shop.revocationEndpoint().toString())
                .containsEntry("end_session_endpoint", shop.endSessionEndpoint().toString());
    }

    @Test
    void revokingARefreshTokenEndsItsSessionForRefreshAndIntrospection() {
        TokenResponse tokens = login();
        TokenResponse unrelated = login();

        shop.revoke("web", "web-secret", tokens.refreshToken().orElseThrow());

        assertThatThrownBy(() -> shop.refresh("web", "web-secret", tokens.refreshToken().orElseThrow()))
                .isInstanceOfSatisfying(TokenRequestException.class, e -> assertThat(e.error()).isEqualTo("invalid_grant"));
        assertThat(active(tokens.accessToken())).isFalse();
        assertThat(active(unrelated.accessToken())).isTrue();
    }

    @Test
    void revokingAnAccessTokenMakesItInactiveButLeavesTheSession() {
        TokenResponse tokens = login();

        shop.revoke("web", "web-secret", tokens.accessToken());

        assertThat(active(tokens.accessToken())).isFalse();
        assertThat(Http.get(shop.userinfoEndpoint(), "Bearer " + tokens.accessToken()).status()).isEqualTo(401);
        TokenResponse refreshed = shop.refresh("web", "web-secret", tokens.refreshToken().orElseThrow());
        assertThat(active(refreshed.accessToken())).isTrue();
    }

    @Test
    void onlyTheClientATokenWasIssuedToMayRevokeItAndUnknownTokensAreAnsweredOk() {
        TokenResponse tokens = login();

        Http.Answer stranger = Http.postBasic(shop.revocationEndpoint(), "other", "other-secret",
                Map.of("token", tokens.refreshToken().orElseThrow()));
        Http.Answer unknown = Http.postBasic(shop.revocationEndpoint(), "web", "web-secret", Map.of("token", "not-a-token"));
        Http.Answer missing = Http.postBasic(shop.revocationEndpoint(), "web", "web-secret", Map.of("token_type_hint", "access_token"));
        Http.Answer badHint = Http.postBasic(shop.revocationEndpoint(), "web", "web-secret",
                Map.of("token", "x", "token_type_hint", "id_token"));
        Http.Answer anonymous = Http.post(shop.revocationEndpoint(), Map.of("token", tokens.accessToken()));

        assertThat(stranger.status()).isEqualTo(400);
        assertThat(stranger.json()).containsEntry("error", "invalid_request").containsEntry("error_description", "Unmatching clients");
        assertThat(active(tokens.accessToken())).isTrue();
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body()).isEmpty();
        assertThat(missing.status()).isEqualTo(400);
        assertThat(badHint.json()).containsEntry("error", "unsupported_token_type");
        assertThat(anonymous.status()).isEqualTo(400);
        assertThat(active(tokens.accessToken())).isTrue();
    }

    @Test
    void logoutWithARefreshTokenEndsTheSession() {
        TokenResponse tokens = login();

        shop.logout("web", "web-secret", tokens.refreshToken().orElseThrow());

        assertThat(active(tokens.accessToken())).isFalse();
        assertThatThrownBy(() -> shop.refresh("web", "web-secret", tokens.refreshToken().orElseThrow()))
                .isInstanceOf(TokenRequestException.class);
        assertThatThrownBy(() -> shop.logout("other", "other-secret", login().refreshToken().orElseThrow()))
                .isInstanceOfSatisfying(TokenRequestException.class, e -> assertThat(e.error()).isEqualTo("invalid_grant"));
    }

    @Test
    void rpInitiatedLogoutEndsTheSessionAndRedirectsOnlyToARegisteredUri() {
        TokenResponse tokens = login();
        String idToken = tokens.idToken().orElseThrow();
        String base = shop.endSessionEndpoint() + "?id_token_hint=" + idToken + "&post_logout_redirect_uri=";

        Http.Answer unregistered = Http.get(URI.create(base + URLEncoder.encode("http://evil.example/", StandardCharsets.UTF_8)));
        assertThat(unregistered.status()).isEqualTo(400);
        assertThat(active(tokens.accessToken())).isTrue();

        Http.Answer redirected = Http.get(URI.create(base + URLEncoder.encode(AFTER_LOGOUT, StandardCharsets.UTF_8) + "&state=s1"));

        assertThat(redirected.status()).isEqualTo(302);
        assertThat(redirected.header("Location")).isEqualTo(AFTER_LOGOUT + "?state=s1");
        assertThat(active(tokens.accessToken())).isFalse();
    }

    @Test
    void logoutWithoutAHintEndsNothing() {
        TokenResponse tokens = login();

        Http.Answer page = Http.get(shop.endSessionEndpoint());
        Http.Answer redirectWithoutHint = Http.get(URI.create(shop.endSessionEndpoint() + "?post_logout_redirect_uri="
                + URLEncoder.encode(AFTER_LOGOUT, StandardCharsets.UTF_8)));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("nothing was ended");
        assertThat(redirectWithoutHint.status()).isEqualTo(400);
        assertThat(active(tokens.accessToken())).isTrue();
    }

    @Test
    void revocationAnswersInjectedErrors() {
        shop.errors().nextRequest(IssuerEndpoint.REVOCATION, OAuthError.temporarilyUnavailable());
        try {
            Http.Answer answer = Http.postBasic(shop.revocationEndpoint(), "web", "web-secret", Map.of("token", "x"));
            assertThat(answer.status()).isEqualTo(503);
        } finally {
            shop.errors().clear();
        }
    }
}
