package dev.audguard.mcp;

import java.util.Optional;

/**
 * Told what the MCP protection decided, for metrics: every refusal with its stable code and, when
 * the body could be read, the method and tool (prompt, resource) it was for; every accepted call.
 * {@link McpMetrics} counts them.
 *
 * <p>Called on request threads: implementations must be thread-safe and quick. An exception thrown
 * here is logged and otherwise ignored; it never changes the answer.
 */
public interface McpListener {
    /** A call let through to the MCP server. */
    default void onAccepted(McpCall call) {
    }

    /**
     * A refused request.
     *
     * @param code the refusal's stable code ({@code audience_mismatch}, {@code insufficient_scope},
     *     {@code mcp_header_mismatch}, ...)
     * @param call what the body asked for, when it was read before the refusal
     */
    default void onRefused(String code, Optional<McpCall> call) {
    }

    /** A listener that does nothing. */
    static McpListener none() {
        return new McpListener() {
        };
    }
}
