package dev.audguard.issuer;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear 4xx in RFC 6749 section 5.2 JSON, never a 500 or a stack trace. */
class HttpRobustnessIT {

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @Test
    void malformedTokenRequestsAreClearClientErrors(RealmHandle demo) {
        URI token = demo.tokenEndpoint();
        List<Http.Answer> answers = List.of(
                Http.post(token, Map.of()),
                Http.postRaw(token, "grant_type=password&grant_type=client_credentials&client_id=service-a"),
                Http.postRaw(token, "grant_type=%zz"),
                Http.send(HttpRequest.newBuilder(token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"password\"}"))),
                Http.send(HttpRequest.newBuilder(token).header("Authorization", "Basic !!!not-base64")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))),
                Http.postRaw(token, "grant_type=client_credentials&client_id=nobody&client_secret=x"),
                Http.postBasic(token, "service-a", "a-secret", Map.of("grant_type", "magic")),
                Http.postBasic(token, "service-a", "a-secret", Map.of("grant_type", "password", "username", "alice")),
                Http.postBasic(token, "service-c", "c-secret", Map.of("grant_type", "password", "username", "alice", "password", "alice")),
                Http.postRaw(token, "grant_type=client_credentials&client_id=service-b&client_secret=b-secret&client_assertion=x"),
                Http.postBasic(token, "service-a", "a-secret", Map.of("grant_type", "authorization_code", "code", "made-up")),
                Http.postRaw(token, "x".repeat(300_000)));

        for (Http.Answer answer : answers) {
            assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
            assertThat(answer.json()).containsKeys("error", "error_description");
            assertThat(answer.body()).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void wrongUserPasswordIsInvalidGrantAndNeverEchoed(RealmHandle demo) {
        Http.Answer answer = Http.postBasic(demo.tokenEndpoint(), "service-a", "a-secret",
                Map.of("grant_type", "password", "username", "alice", "password", "s3cr3t-guess"));

        assertThat(answer.status()).as("Keycloak 26.7.3 answers 400 (pinned: password-wrong-password)").isEqualTo(400);
        assertThat(answer.json()).containsEntry("error", "invalid_grant").containsEntry("error_description", "Invalid user credentials");
        assertThat(answer.body()).doesNotContain("s3cr3t-guess");
    }

    @Test
    void unknownRealmsPathsAndMethods(RealmHandle demo) {
        assertThat(Http.get(URI.create(issuer.issuer().baseUri() + "/realms/nope/.well-known/openid-configuration")).status())
                .isEqualTo(404);
        assertThat(Http.get(URI.create(demo.issuerUrl() + "/nothing/here")).status()).isEqualTo(404);
        Http.Answer getToken = Http.get(demo.tokenEndpoint());
        assertThat(getToken.status()).isEqualTo(405);
        assertThat(getToken.header("Allow")).isEqualTo("POST");
    }

    @Test
    void tokenResponsesAreNotCached(RealmHandle demo) {
        Http.Answer answer = Http.postBasic(demo.tokenEndpoint(), "service-b", "b-secret", Map.of("grant_type", "client_credentials"));

        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        assertThat(answer.header("Content-Type")).startsWith("application/json");
    }

    @Test
    @SuppressWarnings("unchecked")
    void discoveryListsKeycloaksEndpointsAndCapabilities(RealmHandle demo) {
        Map<String, Object> d = Http.get(demo.discoveryUri()).json();

        assertThat(d).containsEntry("issuer", demo.issuerUrl())
                .containsEntry("jwks_uri", demo.jwksUri().toString())
                .containsEntry("token_endpoint", demo.tokenEndpoint().toString())
                .containsEntry("authorization_endpoint", demo.authorizationEndpoint().toString())
                .containsEntry("introspection_endpoint", demo.introspectionEndpoint().toString())
                .containsEntry("userinfo_endpoint", demo.userinfoEndpoint().toString())
                .containsEntry("code_challenge_methods_supported", List.of("S256"));
        assertThat((List<Object>) d.get("grant_types_supported")).contains("password", "client_credentials", "refresh_token",
                "authorization_code", "urn:ietf:params:oauth:grant-type:token-exchange");
        assertThat((List<Object>) d.get("token_endpoint_auth_methods_supported"))
                .containsExactly("client_secret_basic", "client_secret_post", "private_key_jwt");
    }

    @Test
    void clientSecretPostWorksAndBothMethodsAtOnceAreRefused(RealmHandle demo) {
        Http.Answer post = Http.post(demo.tokenEndpoint(),
                Map.of("grant_type", "client_credentials", "client_id", "service-b", "client_secret", "b-secret"));
        Http.Answer both = Http.postBasic(demo.tokenEndpoint(), "service-b", "b-secret",
                Map.of("grant_type", "client_credentials", "client_secret", "b-secret"));

        assertThat(post.status()).isEqualTo(200);
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json()).containsEntry("error", "invalid_request");
    }

    @Test
    void contextPathPrefixesEveryEndpoint() {
        try (ReferenceIssuer auth = ReferenceIssuer.builder().contextPath("/auth").start()) {
            RealmHandle demo = auth.realm("demo");

            assertThat(auth.issuerUrl("demo")).isEqualTo("http://127.0.0.1:" + auth.port() + "/auth/realms/demo");
            assertThat(Http.get(demo.discoveryUri()).json()).containsEntry("issuer", auth.issuerUrl("demo"));
            assertThat(Jwt.claims(demo.clientCredentials("service-b", "b-secret").accessToken()))
                    .containsEntry("iss", auth.issuerUrl("demo"));
            assertThat(Http.get(URI.create("http://127.0.0.1:" + auth.port() + "/realms/demo/.well-known/openid-configuration"))
                    .status()).isEqualTo(404);
        }
    }
}
