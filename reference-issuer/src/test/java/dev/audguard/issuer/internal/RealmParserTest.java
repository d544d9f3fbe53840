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
                "service-x", "reports-api", "reactive-service", "account");
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

    @Test
    void syntaxErrorsGiveThePathLineColumnAndWhatWasExpected() {
        String strayComma = "{\n  \"realm\": \"r\",\n  \"clients\": [\n    {\"clientId\": \"a\"},\n  ]\n}";

        assertThatThrownBy(() -> RealmParser.parse(strayComma))
                .isInstanceOfSatisfying(RealmFormatException.class, e -> {
                    assertThat(e.jsonPath()).isEqualTo("$.clients[1]");
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.column()).isEqualTo(3);
                    assertThat(e.problem()).isEqualTo("expected a value after ',' (a trailing comma is not allowed in JSON), found ']'");
                    assertThat(e.getMessage()).startsWith("$.clients[1] (line 5, column 3): expected a value after ','")
                            .doesNotContain("not a JSON object");
                });
    }

    @Test
    void syntaxErrorsOfEveryKindAreLocated() {
        List<String[]> cases = List.of(
                new String[] {"{\"realm\":\"r\",}", "$", "1:14", "expected a member name after ','"},
                new String[] {"{\"realm\" \"r\"}", "$.realm", "1:10", "expected ':'"},
                new String[] {"{\"realm\":\"r\" \"enabled\":true}", "$", "1:14", "expected ',' or '}'"},
                new String[] {"{\"realm\":\"r\",\"clients\":[{}\n {}]}", "$.clients", "2:2", "expected ',' or ']'"},
                new String[] {"{\"realm\":\"r\", \"enabled\":tru}", "$.enabled", "1:25", "expected a value"},
                new String[] {"{\"realm\":\"r\",\"realm\":\"s\"}", "$.realm", "1:14", "appears twice"},
                new String[] {"{\"realm\":\"r", "$.realm", "1:12", "expected '\"' to end the string"},
                new String[] {"{\"realm\":\"r\"} x", "$", "1:15", "expected the end of the document"},
                new String[] {"", "$", "1:1", "expected a value"},
                new String[] {"{\"accessTokenLifespan\":01}", "$", "1:25", "expected ',' or '}'"});

        for (String[] c : cases) {
            assertThatThrownBy(() -> RealmParser.parse(c[0])).as(c[0])
                    .isInstanceOfSatisfying(RealmFormatException.class, e -> {
                        assertThat(e.jsonPath()).isEqualTo(c[1]);
                        assertThat(e.line() + ":" + e.column()).isEqualTo(c[2]);
                        assertThat(e.problem()).contains(c[3]);
                    });
        }
    }

    @Test
    void importErrorsInAFileGiveTheLineAndColumnOfTheValueAtFault() {
        String json = "{\"realm\": \"r\",\n \"clients\": [\n  {\"clientId\": \"a\", \"redirectUris\": [\"x\", 3]}]}";

        assertThatThrownBy(() -> RealmParser.parse(json))
                .isInstanceOfSatisfying(RealmFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("$.clients[0].redirectUris[1] (line 3, column 43): expected a string");
                });
    }

    @Test
    void aMissingMemberIsLocatedAtTheObjectThatLacksIt() {
        assertThatThrownBy(() -> RealmParser.parse("{\"realm\":\"r\",\n\"users\":[\n  {\"email\":\"x@example.com\"}]}"))
                .isInstanceOfSatisfying(RealmFormatException.class, e -> {
                    assertThat(e.jsonPath()).isEqualTo("$.users[0].username");
                    assertThat(e.line() + ":" + e.column()).isEqualTo("3:3");
                });
    }

    @Test
    void hostileNestingFailsCleanlyInsteadOfOverflowingTheStack() {
        String deep = "{\"realm\":\"r\",\"x\":" + "[".repeat(100_000);

        assertThatThrownBy(() -> RealmParser.parse(deep))
                .isInstanceOfSatisfying(RealmFormatException.class, e -> assertThat(e.problem()).contains("nested deeper"));
    }

    @Test
    void documentsHeldAsMapsAreReadWithoutJsonTextAndHaveNoLines() {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("realm", "r");
        doc.put("clients", List.of(java.util.Map.of("clientId", "a", "redirectUris", List.of(3))));

        assertThatThrownBy(() -> RealmParser.parse(doc))
                .isInstanceOfSatisfying(RealmFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("$.clients[0].redirectUris[0]: expected a string");
                    assertThat(e.line()).isZero();
                });
    }

    @Test
    void theSameRealmAsTextAndAsMapsGivesTheSameModel() throws IOException {
        RealmModel fromText = RealmParser.parse(demoJson());
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> asMaps = (java.util.Map<String, Object>) JsonReader.read(demoJson()).value();
        RealmModel fromMaps = RealmParser.parse(asMaps);

        assertThat(fromMaps).isEqualTo(fromText);
    }

    @Test
    void readsStringsNumbersAndEscapesAsJsonDefinesThem() {
        Object value = JsonReader.read("{\"a\":\"\\u00e9\\n\\/\",\"b\":-12,\"c\":1.5e2,\"d\":[true,false,null],\"e\":12345678901234567890}").value();

        assertThat(value).isEqualTo(new java.util.LinkedHashMap<>(java.util.Map.of("a", "\u00e9\n/", "b", -12L, "c", 150.0,
                "d", java.util.Arrays.asList(true, false, null), "e", 1.2345678901234567E19)));
    }

    @Test
    void realmSettingsThatChangeTokensButAreNotModelledAreReported() {
        RealmModel realm = RealmParser.parse("{\"realm\":\"r\",\"clientSessionIdleTimeout\":600,\"offlineSessionIdleTimeout\":2592000,"
                + "\"attributes\":{\"frontendUrl\":\"https://idp.example.com\"},"
                + "\"components\":{\"org.keycloak.keys.KeyProvider\":[{\"name\":\"rsa\"}]}}");

        assertThat(realm.ignoredMapperTypes()).anySatisfy(s -> assertThat(s).startsWith("realm setting clientSessionIdleTimeout"))
                .anySatisfy(s -> assertThat(s).startsWith("realm attribute frontendUrl"))
                .anySatisfy(s -> assertThat(s).startsWith("realm key providers"))
                .noneSatisfy(s -> assertThat(s).contains("offlineSessionIdleTimeout"));
    }

    @Test
    void modelledRealmSettingsAreReadAndCheckedWithTheirDefaults() {
        RealmModel defaults = RealmParser.parse("{\"realm\":\"r\"}");
        RealmModel set = RealmParser.parse("{\"realm\":\"r\",\"revokeRefreshToken\":true,\"refreshTokenMaxReuse\":2,"
                + "\"defaultSignatureAlgorithm\":\"ES384\",\"accessCodeLifespan\":120}");

        assertThat(defaults.settings()).isEqualTo(RealmModel.Settings.DEFAULTS);
        assertThat(set.settings()).isEqualTo(new RealmModel.Settings(true, 2, "ES384", 120));
        assertThatThrownBy(() -> RealmParser.parse("{\"realm\":\"r\",\"defaultSignatureAlgorithm\":\"HS256\"}"))
                .isInstanceOfSatisfying(RealmFormatException.class, e -> {
                    assertThat(e.jsonPath()).isEqualTo("$.defaultSignatureAlgorithm");
                    assertThat(e.problem()).contains("RS256", "ES512");
                });
        assertThatThrownBy(() -> RealmParser.parse("{\"realm\":\"r\",\"refreshTokenMaxReuse\":-1}"))
                .isInstanceOfSatisfying(RealmFormatException.class, e -> assertThat(e.jsonPath()).isEqualTo("$.refreshTokenMaxReuse"));
    }
}
