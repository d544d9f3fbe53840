package dev.audguard.mcp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link McpServerChecks} on embedded Tomcat 11, port 0 on loopback. */
class McpTomcatIT extends McpServerChecks {
    private static McpServerFixture mcp;

    @BeforeAll
    static void start() throws Exception {
        mcp = new McpServerFixture(new TomcatHost(), b -> { });
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
