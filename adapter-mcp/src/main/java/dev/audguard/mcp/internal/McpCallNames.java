package dev.audguard.mcp.internal;

/** Which MCP methods address a named tool, prompt or resource, and through which params member. Not API. */
final class McpCallNames {
    private McpCallNames() {
    }

    /** Whether {@code method} addresses a named tool, prompt or resource. */
    static boolean addressesName(String method) {
        return switch (method) {
            case "tools/call", "prompts/get", "resources/read", "resources/subscribe", "resources/unsubscribe" -> true;
            default -> false;
        };
    }

    /** The params member naming what {@code method} addresses: {@code uri} for resources, else {@code name}. */
    static String nameMember(String method) {
        return method.startsWith("resources/") ? "uri" : "name";
    }
}
