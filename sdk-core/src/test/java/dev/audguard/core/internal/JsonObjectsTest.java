package dev.audguard.core.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The payload parser gives the values Nimbus's parser gave, and is stricter where it matters. */
class JsonObjectsTest {
    private static Map<String, Object> parse(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return JsonObjects.parse(bytes, 0, bytes.length);
    }

    @Test
    void parseWhenAKeycloakPayloadThenTheSameValuesAsNimbus() throws Exception {
        String json = "{\"exp\":1767225900,\"iat\":1767225600.5,\"iss\":\"https://idp/realms/demo\",\"aud\":[\"a\",\"b\"],"
                + "\"typ\":\"Bearer\",\"email_verified\":true,\"nothing\":null,\"big\":123456789012345678901234567890,"
                + "\"realm_access\":{\"roles\":[\"user\",\"admin\"]},\"name\":\"J\\u00f6rg \\\"J\\\"\"}";

        Map<String, Object> ours = parse(json);

        assertThat(ours).isEqualTo(JSONObjectUtils.parse(json));
        assertThat(ours.get("exp")).isInstanceOf(Long.class);
        assertThat(ours.get("iat")).isInstanceOf(Double.class);
        assertThat(ours.get("big")).isInstanceOf(Double.class);
        assertThat(ours).containsKey("nothing").containsEntry("aud", List.of("a", "b"));
        assertThat(List.copyOf(ours.keySet())).startsWith("exp", "iat", "iss");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1]", "\"sub\"", "42", "{\"iss\":\"a\",\"iss\":\"b\"}", "{\"a\":null,\"a\":1}", "{\"a\":1,\"a\":null}",
            "{\"a\":{\"x\":1,\"x\":2}}", "{\"a\":[{\"x\":1,\"x\":1}]}", "{\"a\":1} {\"b\":2}",
            "{\"a\":1}x", "{\"a\":", "{\"a\":1", "{'a':1}", "{\"a\":[1,2}"})
    void parseWhenNotExactlyOneWellFormedObjectThenRefuses(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IOException.class);
    }

    @Test
    void parseWhenNestedDeeperThanTheLimitThenRefuses() {
        assertThatThrownBy(() -> parse("{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}")).isInstanceOf(IOException.class);
    }

    @Test
    void parseWhenInvalidUtf8ThenRefuses() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> JsonObjects.parse(bytes, 0, bytes.length)).isInstanceOf(IOException.class);
    }
}
