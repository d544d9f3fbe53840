package dev.audguard.issuer.internal;

import dev.audguard.issuer.RealmFormatException;
import dev.audguard.issuer.internal.RealmModel.RoleId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RealmParserTest {

    private static String demoJson() throws IOException {
        try (InputStream in = RealmParserTest.class.getResourceAsStream("/dev/audguard/issuer/realm-demo.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void demoRealmGetsKeycloakImportDefaults() throws IOException {
        RealmModel demo = RealmParser.parse(demoJson());

        assertThat(demo.clients().keySet()).containsExactly("service-a", "service-b", "service-c", "good-service",
                "service-x", "reports-api", "account");
        assertThat(demo.roles().get(RoleId.realm("default-roles-demo")).composites()).containsExactlyInAnyOrder(
                RoleId.realm("offline_access"), RoleId.realm("uma_authorization"),
                RoleId.client("account", "view-profile"), RoleId.client("account", "manage-account"));
        assertThat(demo.serviceAccountOf("service-b").orElseThrow().username()).isEqualTo("service-account-service-b");
        assertThat(demo.serviceAccountOf("good-service")).isEmpty();
        assertThat(demo.user("alice").orElseThrow().roles()).isEmpty();
        assertThat(demo.ignoredMapperTypes()).isEmpty();
    }

    @Test
    void userIdsAreStableAcrossParses() throws IOException {
        assertThat(RealmParser.parse(demoJson()).user("alice").orElseThrow().id())
                .isEqualTo(RealmParser.parse(demoJson()).user("alice").orElseThrow().id());
    }

    @Test
    void realmWithoutClientScopesGetsKeycloaksBuiltInScopesAndDefaults() {
        RealmModel realm = RealmParser.parse("{\"realm\":\"r\",\"clients\":[{\"clientId\":\"c\",\"serviceAccountsEnabled\":true}],"
                + "\"users\":[{\"username\":\"Dave\"}]}");

        assertThat(realm.scopes().keySet()).contains("basic", "profile", "email", "roles", "web-origins", "acr",
                "offline_access", "service_account");
        assertThat(realm.client("c").orElseThrow().defaultScopes())
                .containsExactly("basic", "profile", "email", "roles", "web-origins", "acr", "service_account");
        assertThat(realm.client("c").orElseThrow().optionalScopes()).containsExactly("offline_access");
        assertThat(realm.user("dave").orElseThrow().enabled()).as("Keycloak imports users without 'enabled' disabled").isFalse();
    }

    @Test
    void unsupportedMapperTypesAreReportedOnce() {
        RealmModel realm = RealmParser.parse("{\"realm\":\"r\",\"clients\":[{\"clientId\":\"c\",\"protocolMappers\":["
                + "{\"name\":\"a\",\"protocolMapper\":\"oidc-script-mapper\"},{\"name\":\"b\",\"protocolMapper\":\"oidc-script-mapper\"},"
                + "{\"name\":\"c\",\"protocolMapper\":\"oidc-audience-mapper\",\"config\":{\"included.custom.audience\":\"x\"}}]}]}");

        assertThat(realm.ignoredMapperTypes()).containsExactly("oidc-script-mapper");
    }

    @Test
    void unusableFilesNameTheJsonPathAtFault() {
        List<String[]> cases = List.of(
                new String[] {"[1,2]", "$"},
                new String[] {"{\"enabled\":true}", "$.realm"},
                new String[] {"{\"realm\":\"a/b\"}", "$.realm"},
                new String[] {"{\"realm\":\"r\",\"accessTokenLifespan\":\"long\"}", "$.accessTokenLifespan"},
                new String[] {"{\"realm\":\"r\",\"clients\":[{\"clientId\":\"a\"},{\"clientId\":7}]}", "$.clients[1].clientId"},
                new String[] {"{\"realm\":\"r\",\"clients\":[{\"clientId\":\"a\"},{\"clientId\":\"a\"}]}", "$.clients[1].clientId"},
                new String[] {"{\"realm\":\"r\",\"clients\":[{\"clientId\":\"a\",\"defaultClientScopes\":[\"profile\",\"nope\"]}]}",
                    "$.clients[0].defaultClientScopes[1]"},
                new String[] {"{\"realm\":\"r\",\"clients\":[{\"clientId\":\"a\",\"redirectUris\":[3]}]}", "$.clients[0].redirectUris[0]"},
                new String[] {"{\"realm\":\"r\",\"users\":[{\"username\":\"u\",\"clientRoles\":{\"ghost\":[\"x\"]}}]}",
                    "$.users[0].clientRoles.ghost"},
                new String[] {"{\"realm\":\"r\",\"users\":[{\"username\":\"u\",\"realmRoles\":[\"admin\"]}]}", "$.users[0].realmRoles[0]"},
                new String[] {"{\"realm\":\"r\",\"clients\":[{\"clientId\":\"a\",\"clientAuthenticatorType\":\"client-jwt\","
                    + "\"attributes\":{\"use.jwks.string\":\"true\",\"jwks.string\":\"{oops\"}}]}", "$.clients[0].attributes.jwks.string"},
                new String[] {"{\"realm\":\"r\",\"scopeMappings\":[{\"client\":\"ghost\",\"roles\":[]}]}", "$.scopeMappings[0].client"});

        for (String[] c : cases) {
            assertThatThrownBy(() -> RealmParser.parse(c[0])).as(c[0])
                    .isInstanceOfSatisfying(RealmFormatException.class, e -> assertThat(e.jsonPath()).isEqualTo(c[1]));
        }
    }
}
