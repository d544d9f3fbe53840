package dev.audguard.mcp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.concurrent.Callable;

/**
 * {@link McpServerChecks} on one {@link ServletHost}, port 0 on loopback: the server starts once
 * before the concrete class's checks and stops after them. A concrete class names its host only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServletHostChecks extends McpServerChecks {
    private final Callable<ServletHost> host;
    private McpServerFixture mcp;

    /** {@code host} makes the host, once, before the checks (a host may throw while it prepares). */
    ServletHostChecks(Callable<ServletHost> host) {
        this.host = host;
    }

    @BeforeAll
    void start() throws Exception {
        mcp = new McpServerFixture(host.call(), b -> { });
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
