package dev.audguard.mcp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link McpServerChecks} on embedded Jetty 12 (ee10), port 0 on loopback. */
class McpProtectionIT extends McpServerChecks {
    private static McpServerFixture mcp;

    @BeforeAll
    static void start() throws Exception {
        mcp = new McpServerFixture(new JettyHost(), b -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        mcp.close();
    }

    @Override
    protected McpTarget target() {
        return mcp;
    }
}
