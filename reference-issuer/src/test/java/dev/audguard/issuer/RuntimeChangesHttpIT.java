package dev.audguard.issuer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 22 item 10 over the test HTTP API: the same changes as {@link RealmChanges}, under {issuer}/testing/. */
class RuntimeChangesHttpIT {

    private ReferenceIssuer issuer;
    private RealmHandle demo;

    @BeforeEach
    void start() {
        issuer = ReferenceIssuer.builder().start();
        demo = issuer.realm("demo");
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    private URI testing(String path) {
        return URI.create(demo.issuerUrl() + "/testing/" + path);
    }

    private static Http.Answer postJson(URI uri, String json) {
        return Http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Http.Answer put(URI uri) {
        return Http.send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    private Object aud(String client, String secret, String user) {
        return Jwt.claims(demo.passwordGrant(client, secret, user, user).accessToken()).get("aud");
    }

    @Test
    void usersClientsRolesAndGrantsChangeOverHttp() {
        Http.Answer client = postJson(testing("clients"), """
                {"clientId": "ledger", "bearerOnly": true}""");
        assertThat(client.status()).isEqualTo(201);
        assertThat(postJson(testing("clients/ledger/roles"), "{\"name\": \"post\"}").status()).isEqualTo(201);
        Http.Answer user = postJson(testing("users?default_roles=false"), """
                {"username": "carol", "enabled": true, "credentials": [{"type": "password", "value": "carol"}],
                 "clientRoles": {"ledger": ["post"]}}""");
        assertThat(user.status()).isEqualTo(201);
        assertThat(aud("service-a", "a-secret", "carol")).isEqualTo(java.util.List.of("service-b", "ledger"));

        assertThat(postJson(testing("roles"), "{\"name\": \"clerk\"}").status()).isEqualTo(201);
        assertThat(put(testing("users/carol/role-mappings/realm/clerk")).status()).isEqualTo(200);
        assertThat(Jwt.claims(demo.passwordGrant("service-a", "a-secret", "carol", "carol").accessToken()).get("realm_access"))
                .asString().contains("clerk");
        assertThat(Http.delete(testing("users/carol/role-mappings/clients/ledger/post")).status()).isEqualTo(200);
        assertThat(aud("service-a", "a-secret", "carol")).isEqualTo("service-b");
        assertThat(put(testing("users/carol/role-mappings/clients/ledger/post")).status()).isEqualTo(200);

        assertThat(Http.delete(testing("clients/ledger")).status()).isEqualTo(200);
        assertThat(aud("service-a", "a-secret", "carol")).isEqualTo("service-b");
        assertThat(Http.delete(testing("roles/clerk")).status()).isEqualTo(200);
        assertThat(Http.delete(testing("users/carol")).status()).isEqualTo(200);
        assertThat(demo.usernames()).doesNotContain("carol");
    }

    @Test
    void groupMembershipsAndMappersChangeOverHttp() {
        assertThat(postJson(testing("groups"), """
                {"name": "readers", "clientRoles": {"reports-api": ["viewer"]}}""").status()).isEqualTo(201);
        assertThat(aud("service-a", "a-secret", "alice")).asString().doesNotContain("reports-api");
        assertThat(put(testing("users/alice/groups/readers")).status()).isEqualTo(200);
        assertThat(aud("service-a", "a-secret", "alice")).asString().contains("reports-api");
        assertThat(Http.delete(testing("users/alice/groups/readers")).status()).isEqualTo(200);
        assertThat(aud("service-a", "a-secret", "alice")).asString().doesNotContain("reports-api");

        assertThat(postJson(testing("clients/service-a/protocol-mappers"), """
                {"name": "aud-c", "protocolMapper": "oidc-audience-mapper",
                 "config": {"included.client.audience": "service-c", "access.token.claim": "true"}}""").status()).isEqualTo(201);
        assertThat(aud("service-a", "a-secret", "bob")).asString().contains("service-c");
        assertThat(Http.delete(testing("clients/service-a/protocol-mappers/aud-c")).status()).isEqualTo(200);
        assertThat(aud("service-a", "a-secret", "bob")).asString().doesNotContain("service-c");
    }

    @Test
    void refusedChangesAnswerFixedWordingAndChangeNothing() {
        String before = Http.get(testing("realm")).body();

        Http.Answer unknownRole = put(testing("users/alice/role-mappings/realm/%3Cscript%3E"));
        Http.Answer noUser = Http.delete(testing("users/nobody"));
        Http.Answer twice = postJson(testing("users"), "{\"username\": \"alice\"}");
        Http.Answer notJson = postJson(testing("clients"), "{not json");
        Http.Answer noSuchGroup = put(testing("users/alice/groups/none"));

        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(unknownRole.json()).containsEntry("error", "invalid_request");
        assertThat(unknownRole.body()).doesNotContain("<script");
        assertThat(noUser.status()).isEqualTo(404);
        assertThat(noUser.body()).doesNotContain("nobody");
        assertThat(Http.delete(testing("users/%3Cb%3Ex")).body()).doesNotContain("<b>");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(noSuchGroup.status()).isEqualTo(404);
        assertThat(Http.get(testing("realm")).body()).isEqualTo(before);
    }

    @Test
    void realmSummaryShowsNoSecretsOrPasswordsAndChangesStayOutOfTheRequestLog() {
        demo.requests().clear();
        postJson(testing("users"), """
                {"username": "erin", "credentials": [{"type": "password", "value": "erin-pw-123"}]}""");

        String summary = Http.get(testing("realm")).body();

        assertThat(summary).contains("\"username\":\"erin\"", "\"client_id\":\"service-a\"")
                .doesNotContain("a-secret", "erin-pw-123", "\"secret\"", "\"credentials\"");
        assertThat(demo.requests().all()).isEmpty();
        assertThat(Http.send(HttpRequest.newBuilder(testing("users")).GET()).status()).isEqualTo(405);
    }
}
