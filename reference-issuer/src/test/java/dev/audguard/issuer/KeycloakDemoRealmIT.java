package dev.audguard.issuer;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every answer Keycloak 26.7.3 gave for the demo realm (issue 4), pinned over real HTTP against the
 * built-in realm, which is that very realm export.
 */
class KeycloakDemoRealmIT {

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static RealmHandle demo() {
        return issuer.realm("demo");
    }

    private static String aliceToken() {
        return demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
    }

    private static Http.Answer post(String clientId, String secret, Map<String, String> form) {
        return Http.postBasic(demo().tokenEndpoint(), clientId, secret, form);
    }

    @Test
    void passwordGrantFromServiceAThenAudIsServiceBAsStringAndAzpServiceA() {
        Map<String, Object> claims = Jwt.claims(aliceToken());

        assertThat(claims.get("aud")).isEqualTo("service-b");
        assertThat(claims.get("azp")).isEqualTo("service-a");
        assertThat(claims.get("scope")).isEqualTo("profile email");
    }

    @Test
    void passwordGrantWithGoodServiceScopeThenAudIsArrayWithGoodServiceFirst() {
        String token = demo().passwordGrant("service-a", "a-secret", "alice", "alice", "good-service").accessToken();

        assertThat(Jwt.claims(token).get("aud")).isEqualTo(List.of("good-service", "service-b"));
    }

    @Test
    void passwordGrantForBobThenReportsApiJoinsAudThroughHisClientRole() {
        String token = demo().passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();
        Map<String, Object> claims = Jwt.claims(token);

        assertThat(claims.get("aud")).isEqualTo(List.of("service-b", "reports-api"));
        assertThat(claims.get("resource_access")).isEqualTo(Map.of("reports-api", Map.of("roles", List.of("viewer"))));
    }

    @Test
    void accessTokenCarriesKeycloakClaimsAndHeader() {
        String token = aliceToken();
        Map<String, Object> claims = Jwt.claims(token);
        Map<String, Object> header = Jwt.header(token);

        assertThat(header).containsEntry("alg", "RS256").containsEntry("typ", "JWT")
                .containsEntry("kid", demo().keys().activeKeyId());
        // no auth_time in a password grant's token, as Keycloak 26.7.3 (fixture keycloak-26.7.3/password-alice-service-a.json)
        assertThat(claims).doesNotContainKey("auth_time");
        assertThat(claims).containsKeys("exp", "iat", "jti", "sid")
                .containsEntry("iss", demo().issuerUrl())
                .containsEntry("sub", demo().subjectOf("alice"))
                .containsEntry("typ", "Bearer")
                .containsEntry("preferred_username", "alice")
                .containsEntry("email", "alice@example.com")
                .containsEntry("email_verified", true)
                .containsEntry("name", "Alice Liddell")
                .containsEntry("acr", "1")
                .doesNotContainKey("realm_access");
        assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue()).isEqualTo(300);
    }

    @Test
    void serviceAccountTokensCarryTheAccountAudienceFromKeycloakDefaultRoles() {
        TokenResponse response = demo().clientCredentials("service-b", "b-secret");
        Map<String, Object> claims = Jwt.claims(response.accessToken());

        assertThat(claims.get("aud")).isEqualTo(List.of("service-c", "account"));
        assertThat(claims.get("azp")).isEqualTo("service-b");
        assertThat(claims).containsEntry("preferred_username", "service-account-service-b")
                .containsEntry("client_id", "service-b")
                .doesNotContainKey("sid");
        assertThat(claims.get("realm_access"))
                .isEqualTo(Map.of("roles", List.of("default-roles-demo", "offline_access", "uma_authorization")));
        assertThat(response.refreshToken()).isEmpty();
    }

    @Test
    void serviceBExchangesAliceTokenForServiceC() {
        String subject = aliceToken();

        TokenResponse exchanged = demo().exchange("service-b", "b-secret", subject, "service-c");
        Map<String, Object> claims = Jwt.claims(exchanged.accessToken());

        assertThat(claims.get("aud")).isEqualTo("service-c");
        assertThat(claims.get("azp")).isEqualTo("service-b");
        assertThat(claims.get("sub")).isEqualTo(Jwt.claims(subject).get("sub"));
        assertThat(claims).doesNotContainKey("act");
        assertThat(exchanged.issuedTokenType()).contains(Http.ACCESS_TOKEN_TYPE);
        assertThat(exchanged.tokenType()).isEqualTo("Bearer");
        assertThat(exchanged.expiresIn()).isEqualTo(300);
        assertThat(exchanged.scope()).isEqualTo("profile email service-c");
    }

    @Test
    void exchangeForGoodServiceWithoutItsScopeThenAudienceNotAvailable() {
        Http.Answer answer = post("service-b", "b-secret", Http.exchangeForm(aliceToken(), "audience", "good-service"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "Requested audience not available: good-service");
    }

    @Test
    void exchangeForGoodServiceWithItsScopeThenGranted() {
        Http.Answer answer = post("service-b", "b-secret",
                Http.exchangeForm(aliceToken(), "audience", "good-service", "scope", "good-service"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(Jwt.claims((String) answer.json().get("access_token")).get("aud")).isEqualTo("good-service");
    }

    @Test
    void exchangeForUnknownAudienceThenAudienceNotFound() {
        Http.Answer answer = post("service-b", "b-secret", Http.exchangeForm(aliceToken(), "audience", "no-such-client"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("error", "invalid_client").containsEntry("error_description", "Audience not found");
    }

    @Test
    void exchangeByClientOutsideTheTokenAudienceThenAccessDenied() {
        Http.Answer answer = post("service-x", "x-secret", Http.exchangeForm(aliceToken(), "audience", "service-c"));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json()).containsEntry("error", "access_denied")
                .containsEntry("error_description", "Client is not within the token audience");
    }

    @Test
    void exchangeByClientWithoutStandardExchangeThenInvalidRequest() {
        Http.Answer answer = post("service-c", "c-secret", Http.exchangeForm(aliceToken(), "audience", "service-c"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "Standard token exchange is not enabled for the requested client");
    }

    @Test
    void exchangeWithWrongClientSecretThenUnauthorizedClient() {
        Http.Answer answer = post("service-b", "wrong", Http.exchangeForm(aliceToken(), "audience", "service-c"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json()).containsEntry("error", "unauthorized_client");
        assertThat(answer.body()).doesNotContain("wrong");
    }

    @Test
    void exchangeWithUnknownScopeThenInvalidScope() {
        Http.Answer answer = post("service-b", "b-secret", Http.exchangeForm(aliceToken(), "audience", "service-c", "scope", "bogus"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("error", "invalid_scope");
    }

    @Test
    void exchangeAskingForRefreshTokenOrJwtThenInvalidRequest() {
        for (String type : List.of("urn:ietf:params:oauth:token-type:refresh_token", "urn:ietf:params:oauth:token-type:jwt")) {
            Http.Answer answer = post("service-b", "b-secret",
                    Http.exchangeForm(aliceToken(), "audience", "service-c", "requested_token_type", type));

            assertThat(answer.status()).as(type).isEqualTo(400);
            assertThat(answer.json()).as(type).containsEntry("error", "invalid_request");
        }
    }

    @Test
    void exchangeWithJwtOrMissingSubjectTokenTypeThenInvalidRequest() {
        Map<String, String> jwtType = Http.exchangeForm(aliceToken(), "audience", "service-c");
        jwtType.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
        Map<String, String> missingType = Http.exchangeForm(aliceToken(), "audience", "service-c");
        missingType.remove("subject_token_type");

        for (Map<String, String> form : List.of(jwtType, missingType)) {
            Http.Answer answer = post("service-b", "b-secret", form);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json()).containsEntry("error", "invalid_request");
        }
    }

    @Test
    void exchangeWithRequestedSubjectThenInvalidRequest() {
        Http.Answer answer = post("service-b", "b-secret",
                Http.exchangeForm(aliceToken(), "audience", "service-c", "requested_subject", "bob"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("error", "invalid_request");
    }

    @Test
    void exchangeOfGarbageExpiredOrForgedSubjectTokenThenInvalidRequest() {
        String expired = demo().mint().subject("alice").audience("service-b").authorizedParty("service-a")
                .expiresAt(java.time.Instant.now().minusSeconds(60))
                .sign();
        String forged = demo().mint().subject("alice").audience("service-b").authorizedParty("service-a")
                .signedWithUnknownKey().keyId(demo().keys().activeKeyId()).sign();

        for (String subject : List.of("garbage", expired, forged)) {
            Http.Answer answer = post("service-b", "b-secret", Http.exchangeForm(subject, "audience", "service-c"));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json()).containsEntry("error", "invalid_request")
                    .containsEntry("error_description", "Invalid token");
        }
    }

    @Test
    void convenienceMethodsReportErrorsAsTokenRequestException() {
        assertThatThrownBy(() -> demo().exchange("service-b", "b-secret", aliceToken(), "good-service"))
                .isInstanceOfSatisfying(TokenRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("invalid_request");
                    assertThat(e.errorDescription()).isEqualTo("Requested audience not available: good-service");
                });
    }
}
