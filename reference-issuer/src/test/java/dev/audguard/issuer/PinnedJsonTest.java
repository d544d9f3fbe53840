package dev.audguard.issuer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison KeycloakPinnedAnswersIT rests on: it must see every difference, and only differences. */
class PinnedJsonTest {

    private static final Map<String, Object> KEYCLOAK = Map.of("status", 200L, "body", Map.of(
            "aud", List.of("reports-api", "service-b"), "token_type", "Bearer", "cnf", Map.of("jkt", "<thumbprint>")));

    @Test
    void equalAnswersHaveNoDifferences() {
        assertThat(PinnedJson.differences("c", KEYCLOAK, PinnedJson.parse(PinnedJson.pretty(KEYCLOAK)))).isEmpty();
    }

    @Test
    void aChangedNestedValueIsReportedWithItsPathAndBothValues() {
        Map<String, Object> ours = Map.of("status", 200L, "body", Map.of(
                "aud", List.of("reports-api", "service-b"), "token_type", "DPoP", "cnf", Map.of("jkt", "<thumbprint>")));

        assertThat(PinnedJson.differences("c", KEYCLOAK, ours))
                .containsExactly(new PinnedJson.Difference("c", "$.body.token_type", "\"Bearer\"", "\"DPoP\""));
    }

    @Test
    void aMissingOrExtraMemberIsReportedAsAbsentOnThatSide() {
        Map<String, Object> ours = Map.of("status", 200L, "body", Map.of(
                "aud", List.of("reports-api", "service-b"), "token_type", "Bearer", "cnf", Map.of(), "auth_time", "<number>"));

        assertThat(PinnedJson.differences("c", KEYCLOAK, ours)).containsExactly(
                new PinnedJson.Difference("c", "$.body.auth_time", PinnedJson.ABSENT, "\"<number>\""),
                new PinnedJson.Difference("c", "$.body.cnf.jkt", "\"<thumbprint>\"", PinnedJson.ABSENT));
    }

    @Test
    void arraysAreComparedWholeAndInOrder() {
        Map<String, Object> ours = Map.of("status", 200L, "body", Map.of(
                "aud", List.of("service-b"), "token_type", "Bearer", "cnf", Map.of("jkt", "<thumbprint>")));

        assertThat(PinnedJson.differences("c", KEYCLOAK, ours)).containsExactly(
                new PinnedJson.Difference("c", "$.body.aud", "[\"reports-api\",\"service-b\"]", "[\"service-b\"]"));
    }

    @Test
    void aStringIsNotTheSameAsAOneElementArray() {
        assertThat(PinnedJson.differences("c", Map.of("aud", "service-b"), Map.of("aud", List.of("service-b"))))
                .containsExactly(new PinnedJson.Difference("c", "$.aud", "\"service-b\"", "[\"service-b\"]"));
    }

    @Test
    void lifetimesAFewSecondsOffAMultipleOfTenAreThatMultipleAndOthersStay() {
        assertThat(KeycloakCases.lifetime(301)).isEqualTo(300);
        assertThat(KeycloakCases.lifetime(298)).isEqualTo(300);
        assertThat(KeycloakCases.lifetime(1800)).isEqualTo(1800);
        assertThat(KeycloakCases.lifetime(295)).isEqualTo(295);
        assertThat(KeycloakCases.lifetime(60)).isEqualTo(60);
        assertThat(KeycloakCases.lifetime(0)).isEqualTo(0);
    }

    @Test
    void prettyOutputSortsKeysAndReadsBackEqual() {
        String text = PinnedJson.pretty(Map.of("b", 1L, "a", List.of(Map.of("y", "\"q\"\n", "x", true))));

        assertThat(text).isEqualTo("{\n  \"a\": [\n    {\n      \"x\": true,\n      \"y\": \"\\\"q\\\"\\n\"\n    }\n  ],\n  \"b\": 1\n}\n");
        assertThat(PinnedJson.compact(PinnedJson.parse(text))).isEqualTo("{\"a\":[{\"x\":true,\"y\":\"\\\"q\\\"\\n\"}],\"b\":1}");
    }
}
