package dev.audguard.mcp;

/** {@link McpServerChecks} on embedded Jetty 12 (ee10), port 0 on loopback. */
class McpProtectionIT extends ServletHostChecks {
    McpProtectionIT() {
        super(JettyHost::new);
    }
}
