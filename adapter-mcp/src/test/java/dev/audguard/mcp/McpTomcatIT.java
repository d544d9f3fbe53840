package dev.audguard.mcp;

/** {@link McpServerChecks} on embedded Tomcat 11, port 0 on loopback. */
class McpTomcatIT extends ServletHostChecks {
    McpTomcatIT() {
        super(TomcatHost::new);
    }
}
