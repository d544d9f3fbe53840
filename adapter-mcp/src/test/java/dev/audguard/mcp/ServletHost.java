package dev.audguard.mcp;

import jakarta.servlet.http.HttpServlet;

/**
 * A Servlet 6 container on a loopback port that serves the MCP Java SDK's servlet behind
 * {@link McpProtection#servletFilter()}: the only part of {@link McpServerFixture} that differs
 * between Jetty and Tomcat. The port is bound first, because the protection's resource URI, which
 * names it, must be known before the filter is built.
 */
interface ServletHost extends AutoCloseable {
    /** Binds 127.0.0.1 on a free port, without serving yet; answers the port. */
    int bind() throws Exception;

    /** Serves {@code transport} at {@code mcp.endpointPath()} behind {@code mcp}'s filter. */
    void serve(McpProtection mcp, HttpServlet transport) throws Exception;
}
