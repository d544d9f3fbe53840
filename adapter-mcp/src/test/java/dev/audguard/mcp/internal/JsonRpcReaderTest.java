package dev.audguard.mcp.internal;

import dev.audguard.mcp.McpCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JsonRpcReaderTest {
    private static McpCall read(String body) throws JsonRpcReader.UnreadableException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return JsonRpcReader.read(bytes, 0, bytes.length);
    }

    private static JsonRpcReader.Problem problem(String body) {
        JsonRpcReader.UnreadableException e = catchThrowableOfType(JsonRpcReader.UnreadableException.class, () -> read(body));
        assertThat(e).as(body).isNotNull();
        if (!body.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(body);
        }
        return e.problem();
    }

    @Test
    void readsAToolCallWithItsToolName() throws Exception {
        McpCall call = read("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"arguments\":{\"name\":\"decoy\"},\"name\":\"refund_order\"}}");
        assertThat(call).isEqualTo(new McpCall(McpCall.Kind.REQUEST, Optional.of("tools/call"), Optional.of("refund_order")));
    }

    @Test
    void readsTheNameWhateverTheOrderOfMembers() throws Exception {
        assertThat(read("{\"params\":{\"name\":\"x\"},\"method\":\"tools/call\",\"id\":\"a\",\"jsonrpc\":\"2.0\"}").name()).contains("x");
    }

    @Test
    void readsResourceUrisPromptNamesNotificationsAndResponses() throws Exception {
        assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///a\"}}").name())
                .contains("file:///a");
        assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"p\"}}").name()).contains("p");
        assertThat(read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").kind()).isEqualTo(McpCall.Kind.NOTIFICATION);
        assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}").kind()).isEqualTo(McpCall.Kind.RESPONSE);
        assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").name()).isEmpty();
    }

    @Test
    void readWhenABatchThenRefusesAsBatch() {
        assertThat(problem("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]")).isEqualTo(JsonRpcReader.Problem.BATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "42", "\"x\"", "{", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}{}",
            "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tools/list\"}", "{\"id\":1,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", "{\"jsonrpc\":\"2.0\",\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":3}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"name\":\"b\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"method\":\"tools/call\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"tools/list\"}"})
    void readWhenNotOneWellFormedMessageThenRefusesAsMalformed(String body) {
        assertThat(problem(body)).isEqualTo(JsonRpcReader.Problem.MALFORMED);
    }

    @Test
    void readWhenNestedTooDeepThenRefusesAsMalformed() {
        String deep = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":"
                + "[".repeat(200) + "]".repeat(200) + "}}";
        assertThat(problem(deep)).isEqualTo(JsonRpcReader.Problem.MALFORMED);
    }
}
