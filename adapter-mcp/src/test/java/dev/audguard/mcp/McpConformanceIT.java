package dev.audguard.mcp;

import dev.audguard.conformance.McpConformance;
import dev.audguard.conformance.TokenSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The conformance kit's MCP cases against the MCP Java SDK's servlet behind {@link McpProtection}. */
class McpConformanceIT {
    private static McpServerFixture mcp;

    @BeforeAll
    static void start() throws Exception {
        mcp = new McpServerFixture(b -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        mcp.close();
    }

    @TestFactory
    Stream<DynamicTest> mcpConformance() {
        return McpConformance.builder()
                .realm(mcp.realm)
                .endpoint(mcp.endpoint)
                .rightToken(TokenSource.clientCredentials("mcp-client", "client-secret"))
                .otherServiceToken(TokenSource.clientCredentials("elsewhere", "elsewhere-secret"))
                .toolNeedingScope("refund_order", "orders:refund")
                .build()
                .tests();
    }
}
