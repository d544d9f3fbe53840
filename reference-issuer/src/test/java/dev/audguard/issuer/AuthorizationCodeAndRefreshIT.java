package dev.audguard.issuer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The authorization-code flow with the login form and PKCE, single-use codes, and refresh tokens as Keycloak reuses them. */
class AuthorizationCodeAndRefreshIT {

    private static final String REDIRECT = "http://localhost:8081/callback";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private static ReferenceIssuer issuer;
    private static RealmHandle shop;

    @BeforeAll
    static void start() {
        issuer = ReferenceIssuer.builder().realm(Realm.builder("shop")
                .client("web", c -> c.secret("web-secret").standardFlow(REDIRECT, "http://localhost:9000/app/*")
                        .directAccessGrants().audienceMapper("orders"))
                .client("spa", c -> c.publicClient().standardFlow("http://localhost:3000/*"))
                .client("orders", c -> c.bearerOnly())
                .user("carol", u -> u.password("carol").email("carol@example.com"))
                .build()).start();
        shop = issuer.realm("shop");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static URI authorize(String clientId, String redirect, String extra) {
        return URI.create(shop.authorizationEndpoint() + "?response_type=code&client_id=" + clientId + "&redirect_uri="
                + java.net.URLEncoder.encode(redirect, StandardCharsets.UTF_8) + extra);
    }

    /** Posts the login form as a browser would and returns the redirect's query parameters. */
    private static Map<String, String> login(String clientId, String redirect, String extra, String password) {
        Http.Answer form = Http.get(authorize(clientId, redirect, extra));
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("<form", "name=\"username\"", "for tests only");
        Map<String, String> post = form.hiddenFields();
        post.put("username", "carol");
        post.put("password", password);
        Http.Answer answer = Http.post(shop.authorizationEndpoint(), post);
        if (answer.status() != 302) {
            return Map.of("page", answer.body());
        }
        return query(answer.header("Location"));
    }

    private static Map<String, String> query(String location) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("location", location);
        String q = URI.create(location).getRawQuery();
        for (String pair : q.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Http.Answer redeem(String code, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return Http.postBasic(shop.tokenEndpoint(), "web", "web-secret", form);
    }

    @Test
    void loginWithPkceReturnsCodeStateAndIssuerThenCodeGivesTokensWithNonce() throws Exception {
        Map<String, String> redirect = login("web", REDIRECT, "&scope=openid&state=xyz%20123&nonce=n-0S6&code_challenge="
                + challenge(VERIFIER) + "&code_challenge_method=S256", "carol");

        assertThat(redirect.get("location")).startsWith(REDIRECT + "?");
        assertThat(redirect).containsEntry("state", "xyz 123").containsEntry("iss", shop.issuerUrl()).containsKey("code");

        Http.Answer tokens = redeem(redirect.get("code"), VERIFIER);
        assertThat(tokens.status()).isEqualTo(200);
        Map<String, Object> id = Jwt.claims((String) tokens.json().get("id_token"));
        assertThat(id).containsEntry("nonce", "n-0S6").containsEntry("aud", "web").containsKey("auth_time");
        assertThat(Jwt.claims((String) tokens.json().get("access_token"))).containsEntry("aud", "orders");
    }

    @Test
    void codeUsedTwiceIsRejectedAndRevokesTheFirstUsesRefreshToken() throws Exception {
        Map<String, String> redirect = login("web", REDIRECT, "&code_challenge=" + challenge(VERIFIER) + "&code_challenge_method=S256", "carol");
        Http.Answer first = redeem(redirect.get("code"), VERIFIER);
        assertThat(first.status()).isEqualTo(200);

        Http.Answer second = redeem(redirect.get("code"), VERIFIER);

        assertThat(second.status()).isEqualTo(400);
        assertThat(second.json()).containsEntry("error", "invalid_grant").containsEntry("error_description", "Code not valid");
        Http.Answer refresh = Http.postBasic(shop.tokenEndpoint(), "web", "web-secret",
                Map.of("grant_type", "refresh_token", "refresh_token", (String) first.json().get("refresh_token")));
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.json()).containsEntry("error", "invalid_grant");
    }

    @Test
    void wrongOrMissingPkceVerifierIsRejected() throws Exception {
        String extra = "&code_challenge=" + challenge(VERIFIER) + "&code_challenge_method=S256";
        Http.Answer missing = redeem(login("web", REDIRECT, extra, "carol").get("code"), null);
        Http.Answer wrong = redeem(login("web", REDIRECT, extra, "carol").get("code"), VERIFIER.replace('d', 'e'));

        assertThat(missing.json()).containsEntry("error", "invalid_grant").containsEntry("error_description", "PKCE code verifier not specified");
        assertThat(wrong.json()).containsEntry("error", "invalid_grant").containsEntry("error_description", "PKCE verification failed: Code mismatch");
    }

    @Test
    void plainPkceAndPublicClientsWithoutPkceAreRefused() {
        Map<String, String> plain = query(Http.get(authorize("web", REDIRECT, "&code_challenge=" + VERIFIER + "&code_challenge_method=plain"))
                .header("Location"));
        Map<String, String> spa = query(Http.get(authorize("spa", "http://localhost:3000/cb", "&state=s")).header("Location"));

        assertThat(plain).containsEntry("error", "invalid_request");
        assertThat(spa).containsEntry("error", "invalid_request").containsEntry("state", "s");
    }

    @Test
    void redirectUriMustMatchExactlyOrByKeycloakWildcard() {
        assertThat(Http.get(authorize("web", "http://localhost:9000/app/deep/page", "")).status()).isEqualTo(200);
        for (String bad : java.util.List.of(REDIRECT + "/x", "http://localhost:8081/callbac", "http://evil.example/callback",
                "http://localhost:9000/other", REDIRECT + "#frag")) {
            Http.Answer answer = Http.get(authorize("web", bad, ""));
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.header("Location")).as(bad).isNull();
            assertThat(answer.body()).contains("Invalid parameter: redirect_uri");
        }
    }

    @Test
    void wrongPasswordShowsTheFormAgainWithoutRedirect() {
        Map<String, String> result = login("web", REDIRECT, "", "not-carol");

        assertThat(result.get("page")).contains("Invalid username or password.").doesNotContain("not-carol");
    }

    @Test
    void htmlInParametersIsEscaped() {
        Http.Answer form = Http.get(authorize("web", REDIRECT, "&state=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"));

        assertThat(form.body()).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void redirectUriAtTokenEndpointMustMatchTheAuthorizationRequest() throws Exception {
        String code = login("web", REDIRECT, "", "carol").get("code");
        Http.Answer answer = Http.postBasic(shop.tokenEndpoint(), "web", "web-secret",
                Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", "http://localhost:9000/app/x"));

        assertThat(answer.json()).containsEntry("error", "invalid_grant").containsEntry("error_description", "Incorrect redirect_uri");
    }

    @Test
    void byDefaultARefreshTokenMayBeUsedAgainAsKeycloaksDefaultAllows() {
        TokenResponse first = shop.passwordGrant("web", "web-secret", "carol", "carol");
        String refresh = first.refreshToken().orElseThrow();

        TokenResponse second = shop.refresh("web", "web-secret", refresh);
        TokenResponse again = shop.refresh("web", "web-secret", refresh);

        assertThat(Jwt.claims(second.accessToken())).containsEntry("aud", "orders")
                .containsEntry("sid", Jwt.claims(first.accessToken()).get("sid"));
        assertThat(Jwt.claims(again.accessToken())).containsEntry("sid", Jwt.claims(first.accessToken()).get("sid"));
        assertThat(shop.refresh("web", "web-secret", second.refreshToken().orElseThrow()).accessToken()).isNotBlank();
    }

    @Test
    void byDefaultConcurrentRefreshesWithOneTokenAllSucceed() throws Exception {
        String refresh = shop.passwordGrant("web", "web-secret", "carol", "carol").refreshToken().orElseThrow();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> Http.postBasic(shop.tokenEndpoint(), "web", "web-secret",
                        Map.of("grant_type", "refresh_token", "refresh_token", refresh)).status()));
            }
            for (java.util.concurrent.Future<Integer> answer : answers) {
                assertThat(answer.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void explicitlyRevokingRefreshTokensAllowsMaxReuseMoreUsesAndRevokesTheOneUsedBefore() {
        try (ReferenceIssuer strict = ReferenceIssuer.builder().realm(Realm.builder("strict").revokeRefreshToken(1)
                .client("web", c -> c.secret("web-secret").directAccessGrants())
                .user("carol", u -> u.password("carol")).build()).start()) {
            RealmHandle realm = strict.realm("strict");
            String first = realm.passwordGrant("web", "web-secret", "carol", "carol").refreshToken().orElseThrow();
            Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "refresh_token", "refresh_token", first));

            String second = realm.refresh("web", "web-secret", first).refreshToken().orElseThrow();
            realm.refresh("web", "web-secret", first);                          // the one reuse allowed
            Http.Answer exceeded = Http.postBasic(realm.tokenEndpoint(), "web", "web-secret", form);
            assertThat(exceeded.json()).containsEntry("error", "invalid_grant")
                    .containsEntry("error_description", "Maximum allowed refresh token reuse exceeded");

            realm.refresh("web", "web-secret", second);                         // a newer token revokes the first
            Http.Answer stale = Http.postBasic(realm.tokenEndpoint(), "web", "web-secret", form);
            assertThat(stale.json()).containsEntry("error", "invalid_grant").containsEntry("error_description", "Stale token");
        }
    }

    @Test
    void refreshTokenOfAnotherClientOrForgedIsRejected() {
        String refresh = shop.passwordGrant("web", "web-secret", "carol", "carol").refreshToken().orElseThrow();
        Http.Answer otherClient = Http.post(shop.tokenEndpoint(), Map.of("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", "spa"));
        Http.Answer forged = Http.postBasic(shop.tokenEndpoint(), "web", "web-secret",
                Map.of("grant_type", "refresh_token", "refresh_token", refresh.substring(0, refresh.length() - 4) + "AAAA"));

        assertThat(otherClient.json()).containsEntry("error", "invalid_grant");
        assertThat(forged.json()).containsEntry("error", "invalid_grant").containsEntry("error_description", "Invalid refresh token");
        assertThat(shop.refresh("web", "web-secret", refresh).accessToken()).isNotBlank();
    }

    @Test
    void refreshTokenExpiresWithTheIssuerClock() {
        try (ReferenceIssuer timed = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start()) {
            RealmHandle demo = timed.realm("demo");
            String refresh = demo.passwordGrant("service-a", "a-secret", "alice", "alice").refreshToken().orElseThrow();

            timed.clock().advance(java.time.Duration.ofMinutes(31));

            Http.Answer answer = Http.postBasic(demo.tokenEndpoint(), "service-a", "a-secret",
                    Map.of("grant_type", "refresh_token", "refresh_token", refresh));
            assertThat(answer.json()).containsEntry("error", "invalid_grant").containsEntry("error_description", "Invalid refresh token");
        }
    }

    @Test
    void codesExpireAfterAMinuteOnTheIssuerClock() throws Exception {
        String extra = "&code_challenge=" + challenge(VERIFIER) + "&code_challenge_method=S256";
        issuer.clock().freeze(); // the machine's own seconds must not add to the 59 below
        try {
            String fresh = login("web", REDIRECT, extra, "carol").get("code");
            String stale = login("web", REDIRECT, extra, "carol").get("code");
            issuer.clock().advance(java.time.Duration.ofSeconds(59));
            assertThat(redeem(fresh, VERIFIER).status()).isEqualTo(200);
            issuer.clock().advance(java.time.Duration.ofSeconds(2));

            Http.Answer late = redeem(stale, VERIFIER);

            assertThat(late.status()).isEqualTo(400);
            assertThat(late.json()).containsEntry("error", "invalid_grant").containsEntry("error_description", "Code not valid");
        } finally {
            issuer.clock().reset();
        }
    }
}
