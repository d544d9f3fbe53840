package dev.audguard.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The MCP Java SDK's own client against the protected server: what works with a token for it, what is refused. */
class McpJavaClientIT {
    private static McpServerFixture mcp;

    @BeforeAll
    static void start() throws Exception {
        mcp = new McpServerFixture(b -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        mcp.close();
    }

    private static McpSyncClient client(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(mcp.endpoint.resolve("/").toString()).endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void theJavaClientListsAndCallsToolsWithATokenForTheServer() {
        try (McpSyncClient client = client(mcp.token("mcp-client", "client-secret"))) {
            client.initialize();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .contains("whoami", "refund_order", "token_for_c");
            McpSchema.CallToolResult whoami = client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
            assertThat(((McpSchema.TextContent) whoami.content().get(0)).text()).contains("azp=mcp-client");
        }
    }

    @Test
    void theJavaClientIsRefusedTheExtraScopeToolAndATokenForAnotherService() {
        try (McpSyncClient client = client(mcp.token("mcp-client", "client-secret"))) {
            client.initialize();
            Throwable refused = catchThrowable(() -> client.callTool(new McpSchema.CallToolRequest("refund_order", Map.of())));
            assertThat(refused).isNotNull().hasMessageContaining("Authorization error");
            assertThat(mcp.metrics.refusalsByTool()).containsKey("refund_order");
            assertThat(mcp.metrics.refusalsByReason()).containsKey("insufficient_scope");
        }
        try (McpSyncClient client = client(mcp.token("elsewhere", "elsewhere-secret"))) {
            Throwable refused = catchThrowable(client::initialize);
            assertThat(refused).isNotNull();
        }
    }
}
