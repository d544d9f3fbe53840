package dev.audguard.mcp.internal;

import dev.audguard.mcp.McpCall;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

import java.util.Optional;

/**
 * Reads what an MCP client's HTTP body asks for with a streaming parser, without building a tree:
 * the top-level {@code jsonrpc}, {@code method}, {@code id}, {@code result}/{@code error} and, for
 * the methods that address a tool, prompt or resource, {@code params.name} or {@code params.uri}.
 * Not API.
 *
 * <p>Refused (as {@link Problem}): a body that is not one JSON object (a JSON-RPC batch, an array,
 * was removed from MCP in revision 2025-06-18), malformed JSON, trailing content, a message that is
 * neither request, notification nor response, a {@code method} or name that is not a string, the
 * same member twice, nesting deeper than 64 levels.
 *
 * <p>Thread-safe: one factory, a parser per call.
 */
public final class JsonRpcReader {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNameLength(1024).build())
            .build();

    /** Why a body cannot be read as one MCP message. */
    public enum Problem {
        /** A JSON array: a JSON-RPC batch. */
        BATCH,
        /** Not JSON, not an object, trailing content, or members of the wrong type. */
        MALFORMED
    }

    /** Thrown for a body that is not one readable JSON-RPC message; carries no input. */
    public static final class UnreadableException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Problem problem;

        UnreadableException(Problem problem) {
            super(problem.name(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private JsonRpcReader() {
    }

    /**
     * Reads {@code length} bytes of {@code body} from {@code offset}.
     *
     * @throws UnreadableException when the body is a batch or not one well-formed message
     */
    public static McpCall read(byte[] body, int offset, int length) throws UnreadableException {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                throw new UnreadableException(Problem.BATCH);
            }
            if (first != JsonToken.START_OBJECT) {
                throw new UnreadableException(Problem.MALFORMED);
            }
            Message message = new Message();
            message.readObject(parser);
            if (parser.nextToken() != null) {
                throw new UnreadableException(Problem.MALFORMED);
            }
            return message.toCall();
        } catch (JacksonException e) {
            throw new UnreadableException(Problem.MALFORMED);
        }
    }

    /** The members of one message; params are read after the method is known, or buffered as the name candidates. */
    private static final class Message {
        private boolean sawJsonrpc;
        private boolean sawId;
        private boolean sawResultOrError;
        private String method;
        private boolean sawMethod;
        private boolean sawParams;
        private String paramsName;
        private String paramsUri;

        void readObject(JsonParser parser) throws UnreadableException {
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String member = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (member) {
                    case "jsonrpc" -> {
                        once(sawJsonrpc);
                        sawJsonrpc = true;
                        if (value != JsonToken.VALUE_STRING || !"2.0".equals(parser.getString())) {
                            throw new UnreadableException(Problem.MALFORMED);
                        }
                    }
                    case "method" -> {
                        once(sawMethod);
                        sawMethod = true;
                        if (value != JsonToken.VALUE_STRING) {
                            throw new UnreadableException(Problem.MALFORMED);
                        }
                        method = parser.getString();
                    }
                    case "id" -> {
                        once(sawId);
                        sawId = true;
                        if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_INT) {
                            throw new UnreadableException(Problem.MALFORMED);
                        }
                    }
                    case "params" -> {
                        once(sawParams);
                        sawParams = true;
                        if (value == JsonToken.START_OBJECT) {
                            readParams(parser);
                        } else if (value == JsonToken.START_ARRAY) {
                            parser.skipChildren();
                        } else {
                            throw new UnreadableException(Problem.MALFORMED);
                        }
                    }
                    case "result", "error" -> {
                        once(sawResultOrError);
                        sawResultOrError = true;
                        parser.skipChildren();
                    }
                    default -> parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new UnreadableException(Problem.MALFORMED);
            }
        }

        private void readParams(JsonParser parser) throws UnreadableException {
            boolean sawName = false;
            boolean sawUri = false;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String member = parser.currentName();
                JsonToken value = parser.nextToken();
                if (member.equals("name")) {
                    once(sawName);
                    sawName = true;
                    paramsName = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    parser.skipChildren();
                } else if (member.equals("uri")) {
                    once(sawUri);
                    sawUri = true;
                    paramsUri = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    parser.skipChildren();
                } else {
                    parser.skipChildren();
                }
            }
        }

        private static void once(boolean seen) throws UnreadableException {
            if (seen) {
                throw new UnreadableException(Problem.MALFORMED);
            }
        }

        McpCall toCall() throws UnreadableException {
            if (!sawJsonrpc) {
                throw new UnreadableException(Problem.MALFORMED);
            }
            if (method == null) {
                if (!sawResultOrError || !sawId) {
                    throw new UnreadableException(Problem.MALFORMED);
                }
                return new McpCall(McpCall.Kind.RESPONSE, Optional.empty(), Optional.empty());
            }
            if (sawResultOrError) {
                throw new UnreadableException(Problem.MALFORMED);
            }
            String name = null;
            if (McpCallNames.addressesName(method)) {
                name = McpCallNames.nameMember(method).equals("uri") ? paramsUri : paramsName;
                if (name == null) {
                    // tools/call without a string params.name cannot be authorised per tool
                    throw new UnreadableException(Problem.MALFORMED);
                }
            }
            return new McpCall(sawId ? McpCall.Kind.REQUEST : McpCall.Kind.NOTIFICATION,
                    Optional.of(method), Optional.ofNullable(name));
        }
    }
}
