package dev.audguard.mcp;

import java.util.Objects;
import java.util.Optional;

/**
 * What one JSON-RPC message sent to an MCP server asks for, as far as authorization cares: its kind,
 * its {@code method} and the name of the tool, prompt or resource it addresses.
 *
 * <p>The name is {@code params.name} for {@code tools/call} and {@code prompts/get}, and
 * {@code params.uri} for {@code resources/read}, {@code resources/subscribe} and
 * {@code resources/unsubscribe}; other methods have none. A response (a message with {@code result}
 * or {@code error} and no {@code method}: the client answering a server request, e.g. sampling) has
 * neither method nor name.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind request (with {@code id}), notification (without) or response
 * @param method the JSON-RPC method; empty for a response
 * @param name the tool, prompt or resource addressed, when the method addresses one
 */
public record McpCall(Kind kind, Optional<String> method, Optional<String> name) {

    /** The three kinds of JSON-RPC message a client sends. */
    public enum Kind {
        /** A request: has {@code method} and {@code id}, expects a response. */
        REQUEST,
        /** A notification: has {@code method}, no {@code id}. */
        NOTIFICATION,
        /** A response to a request of the server: {@code result} or {@code error}, no {@code method}. */
        RESPONSE
    }

    /** Checks. */
    public McpCall {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(name, "name");
        if (kind != Kind.RESPONSE && method.isEmpty()) {
            throw new IllegalArgumentException("a request or notification has a method");
        }
    }

    /** A request of {@code method} addressing {@code name} (may be null). */
    public static McpCall request(String method, String name) {
        return new McpCall(Kind.REQUEST, Optional.of(method), Optional.ofNullable(name));
    }
}
