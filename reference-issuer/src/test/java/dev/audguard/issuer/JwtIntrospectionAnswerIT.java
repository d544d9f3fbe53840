package dev.audguard.issuer;

import dev.audguard.issuer.internal.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWTs from the introspection endpoint. Keycloak 26 (AccessTokenIntrospectionProvider, since 25): on
 * {@code Accept: application/jwt}, exactly, and the calling client's attribute
 * {@code client.introspection.response.allow.jwt.claim.enabled}, the JSON answer gains a {@code jwt}
 * member with the full access token; RFC 9701 is not implemented, so
 * {@code Accept: application/token-introspection+jwt} gets plain JSON. The reference issuer's own client
 * attribute {@code introspection.signed.response.alg} turns on RFC 9701 answers for that client.
 */
class JwtIntrospectionAnswerIT {
    private static final String RFC9701 = "application/token-introspection+jwt";

    private static ReferenceIssuer issuer;
    private static RealmHandle demo;

    /** The demo realm, service-a with lightweight tokens, service-b with {@code attributes}. */
    @SuppressWarnings("unchecked")
    static Realm demoWith(Map<String, String> serviceB) throws Exception {
        Map<String, Object> doc;
        try (InputStream in = JwtIntrospectionAnswerIT.class.getClassLoader().getResourceAsStream(Realm.DEMO_RESOURCE)) {
            doc = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).orElseThrow();
        }
        for (Object c : (List<Object>) doc.get("clients")) {
            Map<String, Object> client = (Map<String, Object>) c;
            Map<String, Object> attributes = (Map<String, Object>) client.computeIfAbsent("attributes", k -> new LinkedHashMap<>());
            if ("service-a".equals(client.get("clientId"))) {
                attributes.put("client.use.lightweight.access.token.enabled", "true");
            }
            if ("service-b".equals(client.get("clientId"))) {
                attributes.putAll(serviceB);
            }
        }
        return Realm.fromJson(Json.write(doc));
    }

    @BeforeAll
    static void start() throws Exception {
        issuer = ReferenceIssuer.builder().realm(demoWith(Map.of("client.introspection.response.allow.jwt.claim.enabled", "true",
                "introspection.signed.response.alg", "PS256"))).start();
        demo = issuer.realm("demo");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static Http.Answer introspect(RealmHandle realm, String client, String secret, String token, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(realm.introspectionEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", Http.basic(client, secret))
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(Map.of("token", token))));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return Http.send(request);
    }

    private static String lightweight() {
        return demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
    }

    @Test
    void acceptApplicationJwtAddsTheFullAccessTokenAsKeycloakDoes() {
        Http.Answer answer = introspect(demo, "service-b", "b-secret", lightweight(), "application/jwt");

        assertThat(answer.header("Content-Type")).startsWith("application/json");
        String jwt = (String) answer.json().get("jwt");
        assertThat(Jwt.claims(jwt)).as("the full token, claims the lightweight one left out included")
                .containsEntry("aud", "service-b").containsEntry("sub", demo.subjectOf("alice")).containsEntry("azp", "service-a");
        assertThat(Jwt.verifies(jwt, Http.get(demo.jwksUri()).body())).isTrue();
    }

    @Test
    void theJwtMemberNeedsTheClientAttributeAndTheExactAcceptValue() throws Exception {
        String token = lightweight();
        assertThat(introspect(demo, "service-b", "b-secret", token, "application/jwt, */*").json())
                .as("Keycloak compares the whole header").doesNotContainKey("jwt").containsEntry("active", true);
        try (ReferenceIssuer plain = ReferenceIssuer.builder().realm(demoWith(Map.of())).start()) {
            RealmHandle realm = plain.realm("demo");
            String other = realm.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
            assertThat(introspect(realm, "service-b", "b-secret", other, "application/jwt").json())
                    .doesNotContainKey("jwt").containsEntry("active", true);
            Http.Answer rfc9701 = introspect(realm, "service-b", "b-secret", other, RFC9701);
            assertThat(rfc9701.header("Content-Type")).as("Keycloak 26 has no RFC 9701").startsWith("application/json");
            assertThat(rfc9701.json()).containsEntry("active", true);
            assertThat(Http.get(realm.discoveryUri()).json()).doesNotContainKey("introspection_signing_alg_values_supported");
        }
    }

    @Test
    void rfc9701AnswersAreSignedJwtsForTheCallingClient() {
        long before = issuer.clock().instant().getEpochSecond();
        Http.Answer answer = introspect(demo, "service-b", "b-secret", lightweight(), RFC9701);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo(RFC9701);
        assertThat(Jwt.header(answer.body())).containsEntry("typ", "token-introspection+jwt").containsEntry("alg", "PS256")
                .containsKey("kid");
        assertThat(Jwt.verifies(answer.body(), Http.get(demo.jwksUri()).body())).isTrue();
        Map<String, Object> claims = Jwt.claims(answer.body());
        assertThat(claims).containsEntry("iss", demo.issuerUrl()).containsEntry("aud", "service-b")
                .containsKey("jti");
        assertThat(((Number) claims.get("iat")).longValue()).isBetween(before, issuer.clock().instant().getEpochSecond());
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) claims.get("token_introspection");
        assertThat(members).containsEntry("active", true).containsEntry("aud", "service-b").containsEntry("client_id", "service-a")
                .containsEntry("sub", demo.subjectOf("alice")).containsEntry("token_type", "Bearer");
    }

    @Test
    void rfc9701AnswersForInactiveTokensAreSignedToo() {
        Http.Answer answer = introspect(demo, "service-b", "b-secret", "not-a-token", RFC9701);

        assertThat(answer.header("Content-Type")).isEqualTo(RFC9701);
        assertThat(Jwt.claims(answer.body())).containsEntry("token_introspection", Map.of("active", false));
    }

    @Test
    void otherClientsAndOtherAcceptValuesGetPlainJson() {
        String token = lightweight();
        assertThat(introspect(demo, "service-b", "b-secret", token, "application/json").header("Content-Type")).startsWith("application/json");
        assertThat(introspect(demo, "service-b", "b-secret", token, RFC9701 + ";q=0, application/json").header("Content-Type"))
                .startsWith("application/json");
        assertThat(introspect(demo, "service-c", "c-secret", token, RFC9701).header("Content-Type"))
                .as("service-c has no introspection.signed.response.alg").startsWith("application/json");
    }

    @Test
    void discoveryListsTheAlgorithmsOfSignedAnswers() {
        assertThat(Http.get(demo.discoveryUri()).json()).containsEntry("introspection_signing_alg_values_supported", List.of("PS256"));
    }
}
