package dev.audguard.issuer.internal;

import dev.audguard.issuer.internal.RealmModel.Mapper;
import dev.audguard.issuer.internal.RealmModel.Scope;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code clientScopes} (or Keycloak's built-in ones for a file that declares none), the protocol
 * mappers of scopes and clients, and lists of scope names as clients and the realm give them.
 *
 * <p>Not thread-safe; one per import. The built-in scopes are read once per class loader.
 */
final class ScopeImporter {

    static final List<String> BUILT_IN_DEFAULT_SCOPES = List.of("basic", "profile", "email", "roles", "web-origins", "acr");
    static final List<String> BUILT_IN_OPTIONAL_SCOPES = List.of("offline_access");
    private static final String BUILT_IN_PATH = "(built-in client scopes)";

    private final ImportState state;

    ScopeImporter(ImportState state) {
        this.state = state;
    }

    /** Keycloak's built-in client scopes as JSON values (maps, lists, strings), read once. */
    static List<Object> builtInScopes() {
        return BuiltIns.SCOPES;
    }

    void read(Node root) {
        List<Node> list = root.has("clientScopes") ? root.get("clientScopes").requiredItems()
                : Node.root(builtInScopes(), BUILT_IN_PATH, Map.of()).items();
        for (Node scope : list) {
            scope.requireObject();
            Node nameNode = scope.get("name");
            String name = nameNode.requiredString();
            if (state.knownScope(name)) {
                throw nameNode.fail("duplicate client scope '" + name + "'");
            }
            if (!ImportState.OIDC.equals(scope.get("protocol").string(ImportState.OIDC))) {
                state.foreignScopes.add(name);
                continue;
            }
            Map<String, String> attributes = scope.get("attributes").stringMap();
            boolean include = !"false".equals(attributes.get("include.in.token.scope"));
            state.scopes.put(name, new Scope(name, include, mappers(scope)));
        }
    }

    /** The OpenID Connect mappers of a scope or client; types the issuer does not model are reported. */
    List<Mapper> mappers(Node owner) {
        List<Mapper> out = new ArrayList<>();
        for (Node mapper : owner.get("protocolMappers").items()) {
            mapper.requireObject();
            if (!ImportState.OIDC.equals(mapper.get("protocol").string(ImportState.OIDC))) {
                continue;
            }
            String type = mapper.get("protocolMapper").requiredString();
            String name = mapper.get("name").string(type);
            if (!Claims.SUPPORTED_MAPPERS.contains(type)) {
                state.ignored.add(type);
            }
            out.add(new Mapper(name, type, mapper.get("config").stringMap()));
        }
        return out;
    }

    /**
     * Scope names from {@code owner.key}, or {@code fallback} (those of them that exist) when the
     * key is absent. Names of SAML scopes are dropped; unknown names fail.
     */
    List<String> names(Node owner, String key, List<String> fallback) {
        if (!owner.has(key)) {
            return fallback.stream().filter(state.scopes::containsKey).toList();
        }
        Node list = owner.get(key);
        List<String> names = list.strings();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (state.foreignScopes.contains(name)) {
                continue;
            }
            if (!state.scopes.containsKey(name)) {
                throw list.items().get(i).fail("unknown client scope '" + name + "'");
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Holder idiom: the resource is parsed on first use, once. */
    private static final class BuiltIns {
        static final List<Object> SCOPES = load();

        private static List<Object> load() {
            try (InputStream in = ScopeImporter.class.getResourceAsStream("keycloak-builtin-client-scopes.json")) {
                if (in == null) {
                    throw new IllegalStateException("built-in client scopes missing from the jar");
                }
                Node doc = JsonReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)).root();
                if (!doc.get("clientScopes").isArray()) {
                    throw new IllegalStateException("built-in client scopes unreadable");
                }
                @SuppressWarnings("unchecked")
                List<Object> scopes = (List<Object>) freeze(doc.get("clientScopes").raw());
                return scopes;
            } catch (IOException e) {
                throw new UncheckedIOException("built-in client scopes unreadable", e);
            }
        }

        /** Shared by every realm built in code, so nobody may change them. */
        private static Object freeze(Object value) {
            if (value instanceof Map<?, ?> map) {
                Map<Object, Object> out = new java.util.LinkedHashMap<>();
                map.forEach((k, v) -> out.put(k, freeze(v)));
                return java.util.Collections.unmodifiableMap(out);
            }
            if (value instanceof List<?> list) {
                List<Object> out = new ArrayList<>();
                list.forEach(v -> out.add(freeze(v)));
                return java.util.Collections.unmodifiableList(out);
            }
            return value;
        }
    }
}
