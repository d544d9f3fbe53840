package dev.audguard.issuer;

import dev.audguard.issuer.internal.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak 26.7.3 as measured (issue 18): lightweight access tokens per client, introspection that
 * answers active only to a client in the token's audience, and opaque tokens for tests.
 */
class LightweightAndIntrospectionIT {

    private static ReferenceIssuer issuer;
    private static RealmHandle demo;

    /** The built-in demo realm with one client attribute set on service-a, as in the Keycloak measurement. */
    @SuppressWarnings("unchecked")
    private static Realm demoWith(String attribute) throws Exception {
        Map<String, Object> doc;
        try (InputStream in = LightweightAndIntrospectionIT.class.getClassLoader().getResourceAsStream(Realm.DEMO_RESOURCE)) {
            doc = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).orElseThrow();
        }
        for (Object c : (List<Object>) doc.get("clients")) {
            Map<String, Object> client = (Map<String, Object>) c;
            if ("service-a".equals(client.get("clientId"))) {
                ((Map<String, Object>) client.computeIfAbsent("attributes", k -> new java.util.LinkedHashMap<>())).put(attribute, "true");
            }
        }
        return Realm.fromJson(Json.write(doc));
    }

    @BeforeAll
    static void start() throws Exception {
        issuer = ReferenceIssuer.builder().realm(demoWith("client.use.lightweight.access.token.enabled")).start();
        demo = issuer.realm("demo");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static Map<String, Object> introspect(RealmHandle realm, String client, String secret, String token) {
        return Http.postBasic(realm.introspectionEndpoint(), client, secret, Map.of("token", token)).json();
    }

    @Test
    void aLightweightAccessTokenCarriesOnlyWhatKeycloakWrites() {
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        assertThat(Jwt.claims(token).keySet()).containsExactlyInAnyOrder("azp", "exp", "iat", "iss", "jti", "scope", "sid", "typ");
        assertThat(Jwt.claims(demo.clientCredentials("service-b", "b-secret").accessToken()))
                .as("other clients keep full tokens").containsKeys("sub");
    }

    @Test
    void introspectionByAClientInTheAudienceAnswersActiveWithTheLeftOutClaims() {
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        Map<String, Object> answer = introspect(demo, "service-b", "b-secret", token);

        assertThat(answer).containsEntry("active", true).containsEntry("aud", "service-b")
                .containsEntry("sub", demo.subjectOf("alice")).containsEntry("client_id", "service-a")
                .containsEntry("token_type", "Bearer").containsKeys("scope", "exp");
    }

    @Test
    void introspectionByAClientOutsideTheAudienceEvenTheTokensOwnAzpAnswersInactive() {
        String lightweight = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        String full = demo.clientCredentials("service-b", "b-secret").accessToken();

        assertThat(introspect(demo, "service-c", "c-secret", lightweight)).isEqualTo(Map.of("active", false));
        assertThat(introspect(demo, "service-a", "a-secret", lightweight)).isEqualTo(Map.of("active", false));
        assertThat(introspect(demo, "good-service", "good-secret", full)).as("full tokens too (aud service-c, account)").isEqualTo(Map.of("active", false));
    }

    @Test
    void userinfoAndExchangeWorkWithALightweightSubjectToken() {
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice", "openid").accessToken();

        assertThat(Http.get(demo.userinfoEndpoint(), "Bearer " + token).json()).containsEntry("sub", demo.subjectOf("alice"));
        TokenResponse exchanged = demo.exchange("service-b", "b-secret", token, "service-c");
        assertThat(Jwt.claims(exchanged.accessToken())).containsEntry("aud", "service-c").containsEntry("azp", "service-b");
    }

    @Test
    void opaqueTokensOnRequestAreResolvedOnlyThroughTheIssuer() throws Exception {
        try (ReferenceIssuer own = ReferenceIssuer.builder().realm(demoWith("reference-issuer.opaque.access.token")).start()) {
            RealmHandle realm = own.realm("demo");
            TokenResponse tokens = realm.passwordGrant("service-a", "a-secret", "alice", "alice");
            String opaque = tokens.accessToken();

            assertThat(opaque).doesNotContain(".");
            assertThat(introspect(realm, "service-b", "b-secret", opaque)).containsEntry("active", true)
                    .containsEntry("aud", "service-b").containsEntry("client_id", "service-a");
            assertThat(introspect(realm, "service-c", "c-secret", opaque)).isEqualTo(Map.of("active", false));
            assertThat(Jwt.claims(realm.exchange("service-b", "b-secret", opaque, "service-c").accessToken()))
                    .containsEntry("aud", "service-c");
            assertThat(introspect(realm, "service-b", "b-secret", opaque + "x")).isEqualTo(Map.of("active", false));

            realm.revoke("service-a", "a-secret", opaque);

            assertThat(introspect(realm, "service-b", "b-secret", opaque)).isEqualTo(Map.of("active", false));
        }
    }
}
