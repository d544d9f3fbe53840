package dev.audguard.mcp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link McpServerChecks} on one {@link ServletHost}, port 0 on loopback: the server starts once
 * before the concrete class's checks and stops after them. A concrete class names its host only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServletHostChecks extends McpServerChecks {
    private final ServletHost host;
    private McpServerFixture mcp;

    ServletHostChecks(ServletHost host) {
        this.host = host;
    }

    @BeforeAll
    void start() throws Exception {
        mcp = new McpServerFixture(host, b -> { });
    }

    @AfterAll
    void stop() throws Exception {
        if (mcp != null) {
            mcp.close();
        }
    }

    @Override
    protected McpTarget target() {
        return mcp;
    }
}
