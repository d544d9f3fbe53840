package dev.audguard.mcp;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which OAuth scopes each MCP operation needs: scopes every message needs, scopes per JSON-RPC
 * method, and scopes per tool, prompt or resource, with a scope hierarchy.
 *
 * <pre>{@code
 * OperationScopes scopes = OperationScopes.builder()
 *         .always("mcp")                          // every request, notification and response
 *         .method("tools/call", "tools")          // every tools/call
 *         .tool("refund_order", "orders:refund")  // tools/call of refund_order also needs this
 *         .implies("orders", "orders:read", "orders:refund")
 *         .build();
 * }</pre>
 *
 * <p>A call needs the union of the {@link Builder#always always} scopes, its method's scopes and
 * the scopes of the tool, prompt or resource it names; a notification or a response needs the
 * {@code always} scopes and its method's. A granted scope also grants every scope it
 * {@link Builder#implies implies}, transitively: with {@code implies("orders", "orders:read")} a
 * token with scope {@code orders} may call a tool that needs {@code orders:read}, never the other way
 * round. Scopes are compared exactly otherwise (no prefix or wildcard matching).
 *
 * <p>Immutable and thread-safe.
 */
public final class OperationScopes {
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private final Set<String> always;
    private final Map<String, Set<String>> byMethod;
    private final Map<String, Set<String>> byTool;
    private final Map<String, Set<String>> byPrompt;
    private final Map<String, Set<String>> byResource;
    private final Map<String, Set<String>> implied;

    private OperationScopes(Builder b) {
        this.always = Set.copyOf(b.always);
        this.byMethod = copy(b.byMethod);
        this.byTool = copy(b.byTool);
        this.byPrompt = copy(b.byPrompt);
        this.byResource = copy(b.byResource);
        Map<String, Set<String>> closure = new HashMap<>();
        for (String parent : b.implies.keySet()) {
            closure.put(parent, Set.copyOf(reachable(parent, b.implies)));
        }
        this.implied = Map.copyOf(closure);
    }

    /** No scope needed for anything beyond a valid token. */
    public static OperationScopes none() {
        return builder().build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The scopes {@code call} needs, sorted. */
    public Set<String> requiredFor(McpCall call) {
        Set<String> required = new TreeSet<>(always);
        call.method().ifPresent(method -> {
            required.addAll(byMethod.getOrDefault(method, Set.of()));
            if (call.kind() == McpCall.Kind.REQUEST && call.name().isPresent()) {
                String name = call.name().get();
                Map<String, Set<String>> byName = switch (method) {
                    case "tools/call" -> byTool;
                    case "prompts/get" -> byPrompt;
                    case "resources/read", "resources/subscribe", "resources/unsubscribe" -> byResource;
                    default -> Map.of();
                };
                required.addAll(byName.getOrDefault(name, Set.of()));
            }
        });
        return Collections.unmodifiableSet(required);
    }

    /** The scopes of {@code required} that {@code granted} does not grant, directly or by implication; empty when it grants them all. */
    public Set<String> missing(Collection<String> granted, Set<String> required) {
        if (required.isEmpty()) {
            return Set.of();
        }
        Set<String> effective = new HashSet<>(granted);
        for (String scope : granted) {
            effective.addAll(implied.getOrDefault(scope, Set.of()));
        }
        Set<String> missing = new TreeSet<>();
        for (String scope : required) {
            if (!effective.contains(scope)) {
                missing.add(scope);
            }
        }
        return Collections.unmodifiableSet(missing);
    }

    /** Every scope named anywhere, sorted: what RFC 9728 metadata lists as {@code scopes_supported}. */
    public List<String> all() {
        Set<String> all = new TreeSet<>(always);
        for (Map<String, Set<String>> map : List.of(byMethod, byTool, byPrompt, byResource, implied)) {
            map.values().forEach(all::addAll);
        }
        all.addAll(implied.keySet());
        return List.copyOf(all);
    }

    /** The scopes every message needs. */
    public Set<String> always() {
        return always;
    }

    private static Set<String> reachable(String start, Map<String, Set<String>> edges) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(edges.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, Set.of()));
            }
        }
        seen.remove(start);
        return seen;
    }

    private static Map<String, Set<String>> copy(Map<String, Set<String>> map) {
        Map<String, Set<String>> copy = new HashMap<>();
        map.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return Map.copyOf(copy);
    }

    @Override
    public String toString() {
        return "OperationScopes{always=" + always + ", methods=" + byMethod + ", tools=" + byTool
                + ", prompts=" + byPrompt + ", resources=" + byResource + ", implies=" + implied + '}';
    }

    /**
     * Collects an {@link OperationScopes}. A method, tool, prompt or resource can be given once;
     * {@code always} once. Scopes must be RFC 6749 scope tokens (printable ASCII without space,
     * {@code "} or {@code \}).
     *
     * <p>Not thread-safe. {@link #build()} can run again.
     */
    public static final class Builder {
        private final Set<String> always = new TreeSet<>();
        private boolean alwaysSet;
        private final Map<String, Set<String>> byMethod = new LinkedHashMap<>();
        private final Map<String, Set<String>> byTool = new LinkedHashMap<>();
        private final Map<String, Set<String>> byPrompt = new LinkedHashMap<>();
        private final Map<String, Set<String>> byResource = new LinkedHashMap<>();
        private final Map<String, Set<String>> implies = new LinkedHashMap<>();

        private Builder() {
        }

        /** Scopes every message needs. */
        public Builder always(String... scopes) {
            if (alwaysSet) {
                throw new IllegalStateException("always is already set");
            }
            alwaysSet = true;
            always.addAll(scopes(scopes));
            return this;
        }

        /** Scopes every message with JSON-RPC method {@code method} needs, e.g. {@code tools/list}. */
        public Builder method(String method, String... scopes) {
            return put(byMethod, "method", method, scopes);
        }

        /** Scopes a {@code tools/call} of the tool {@code name} needs. */
        public Builder tool(String name, String... scopes) {
            return put(byTool, "tool", name, scopes);
        }

        /** Scopes a {@code prompts/get} of the prompt {@code name} needs. */
        public Builder prompt(String name, String... scopes) {
            return put(byPrompt, "prompt", name, scopes);
        }

        /** Scopes a {@code resources/read} (and subscribe, unsubscribe) of the resource {@code uri} needs. */
        public Builder resource(String uri, String... scopes) {
            return put(byResource, "resource", uri, scopes);
        }

        /** A token granted {@code parent} is also granted each of {@code children} (and what they imply). */
        public Builder implies(String parent, String... children) {
            return put(implies, "implies", parent, children);
        }

        private Builder put(Map<String, Set<String>> map, String what, String key, String... scopes) {
            Objects.requireNonNull(key, what);
            if (key.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            if (map.containsKey(key)) {
                throw new IllegalStateException(what + " \"" + key + "\" is already set");
            }
            Set<String> checked = scopes(scopes);
            if (checked.isEmpty()) {
                throw new IllegalArgumentException(what + " \"" + key + "\" needs at least one scope");
            }
            map.put(key, checked);
            return this;
        }

        private static Set<String> scopes(String... scopes) {
            Set<String> checked = new TreeSet<>();
            for (String scope : Objects.requireNonNull(scopes, "scopes")) {
                if (scope == null || !SCOPE.matcher(scope).matches()) {
                    throw new IllegalArgumentException("\"" + scope + "\" is not an OAuth scope token (RFC 6749 section 3.3)");
                }
                checked.add(scope);
            }
            return checked;
        }

        /** Builds the map. */
        public OperationScopes build() {
            return new OperationScopes(this);
        }
    }
}
