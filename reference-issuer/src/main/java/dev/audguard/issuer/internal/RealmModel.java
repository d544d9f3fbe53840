package dev.audguard.issuer.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The subset of a Keycloak realm the issuer understands, after parsing and after Keycloak's import
 * defaults (default roles, the {@code account} client, service-account users) were applied.
 *
 * <p>Immutable and thread-safe: every collection is an unmodifiable copy. A running realm swaps
 * one model for another when the test changes it ({@link RealmRuntime#change}); a model never changes.
 */
public record RealmModel(
        String name,
        boolean enabled,
        int accessTokenLifespan,
        int ssoSessionIdleTimeout,
        int ssoSessionMaxLifespan,
        Map<String, Client> clients,
        Map<String, Scope> scopes,
        Map<RoleId, Role> roles,
        Map<String, Set<RoleId>> clientScopeMappings,
        Map<String, Set<RoleId>> scopeScopeMappings,
        Map<String, User> users,
        List<String> ignoredMapperTypes,
        Map<String, Group> groups,
        Settings settings,
        List<String> notices,
        Map<String, Object> document) {

    public RealmModel {
        // What the model was parsed from, frozen: runtime changes edit a copy and parse it again.
        document = RealmDocument.freeze(document);
        groups = unmodifiable(groups);
        notices = List.copyOf(notices);
        clients = unmodifiable(clients);
        scopes = unmodifiable(scopes);
        roles = unmodifiable(roles);
        clientScopeMappings = unmodifiable(clientScopeMappings);
        scopeScopeMappings = unmodifiable(scopeScopeMappings);
        users = unmodifiable(users);
        ignoredMapperTypes = List.copyOf(ignoredMapperTypes);
    }

    private static <K, V> Map<K, V> unmodifiable(Map<K, V> map) {
        // LinkedHashMap keeps the file's order, which decides the order of aud values.
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    public Optional<Client> client(String clientId) {
        return Optional.ofNullable(clientId == null ? null : clients.get(clientId));
    }

    public Optional<User> user(String username) {
        return Optional.ofNullable(username == null ? null : users.get(username));
    }

    public Optional<User> userById(String id) {
        return users.values().stream().filter(u -> u.id().equals(id)).findFirst();
    }

    public Optional<User> serviceAccountOf(String clientId) {
        return users.values().stream().filter(u -> clientId.equals(u.serviceAccountClientId())).findFirst();
    }

    /**
     * A user's role mappings as Keycloak counts them: direct ones plus those of each group the user
     * is in and of every parent of those groups (subgroups inherit their parents' roles).
     */
    public Set<RoleId> roleMappings(User user) {
        Set<RoleId> out = new LinkedHashSet<>(user.roles());
        for (String path : user.groups()) {
            for (Group g = groups.get(path); g != null; g = g.parentPath() == null ? null : groups.get(g.parentPath())) {
                out.addAll(g.roles());
            }
        }
        return out;
    }

    /** For each group of the user (and parents) that grants roles: path -> roles, for explanations. */
    public Map<String, Set<RoleId>> rolesByGroup(User user) {
        Map<String, Set<RoleId>> out = new LinkedHashMap<>();
        for (String path : user.groups()) {
            for (Group g = groups.get(path); g != null; g = g.parentPath() == null ? null : groups.get(g.parentPath())) {
                if (!g.roles().isEmpty()) {
                    out.putIfAbsent(g.path(), g.roles());
                }
            }
        }
        return out;
    }

    /** The roles given plus every role they contain, transitively. */
    public Set<RoleId> expand(Set<RoleId> start) {
        Set<RoleId> out = new LinkedHashSet<>();
        Deque<RoleId> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            RoleId id = todo.pop();
            if (out.add(id)) {
                Role role = roles.get(id);
                if (role != null) {
                    todo.addAll(role.composites());
                }
            }
        }
        return out;
    }

    /** A realm role ({@code clientId == null}) or a client role. */
    public record RoleId(String clientId, String name) {
        public static RoleId realm(String name) {
            return new RoleId(null, name);
        }

        public static RoleId client(String clientId, String name) {
            return new RoleId(clientId, name);
        }

        public boolean isClientRole() {
            return clientId != null;
        }

        @Override
        public String toString() {
            return clientId == null ? name : clientId + "/" + name;
        }
    }

    /** A group: {@code path} like {@code /engineering/backend}; {@code parentPath} null for a top-level group. */
    public record Group(String path, String name, String parentPath, Set<RoleId> roles, Map<String, List<String>> attributes) {
        public Group {
            roles = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(roles));
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * Realm settings beyond lifespans: Keycloak's {@code revokeRefreshToken} and
     * {@code refreshTokenMaxReuse}, {@code defaultSignatureAlgorithm}, {@code accessCodeLifespan}.
     */
    public record Settings(boolean revokeRefreshToken, int refreshTokenMaxReuse, String defaultSignatureAlgorithm,
            int accessCodeLifespan) {
        public static final Settings DEFAULTS = new Settings(false, 0, "RS256", 60);
    }

    public record Role(RoleId id, Set<RoleId> composites) {
        public Role {
            composites = Set.copyOf(composites);
        }
    }

    public record Mapper(String name, String type, Map<String, String> config) {
        public Mapper {
            config = Map.copyOf(config);
        }

        public String get(String key) {
            return config.get(key);
        }

        /** Keycloak's reading of the include-in flags: a missing access or introspection flag is true. */
        public boolean inAccessToken() {
            return !"false".equals(config.get("access.token.claim"));
        }

        public boolean inIdToken() {
            return "true".equals(config.get("id.token.claim"));
        }

        public boolean inIntrospection() {
            return !"false".equals(config.get("introspection.token.claim"));
        }

        public boolean inUserInfo() {
            return "true".equals(config.get("userinfo.token.claim"));
        }
    }

    public record Scope(String name, boolean includeInTokenScope, List<Mapper> mappers) {
        public Scope {
            mappers = List.copyOf(mappers);
        }
    }

    public record Client(
            String clientId,
            boolean enabled,
            String secret,
            boolean publicClient,
            boolean bearerOnly,
            boolean standardFlowEnabled,
            boolean directAccessGrantsEnabled,
            boolean serviceAccountsEnabled,
            boolean fullScopeAllowed,
            List<String> redirectUris,
            List<String> webOrigins,
            List<String> defaultScopes,
            List<String> optionalScopes,
            List<Mapper> mappers,
            Map<String, String> attributes,
            String authenticatorType) {

        public Client {
            redirectUris = List.copyOf(redirectUris);
            webOrigins = List.copyOf(webOrigins);
            defaultScopes = List.copyOf(defaultScopes);
            optionalScopes = List.copyOf(optionalScopes);
            mappers = List.copyOf(mappers);
            attributes = Map.copyOf(attributes);
        }

        public String attribute(String key) {
            return attributes.get(key);
        }

        public boolean standardTokenExchangeEnabled() {
            return "true".equals(attributes.get("standard.token.exchange.enabled"));
        }

        /** Keycloak's {@code standard.token.exchange.enableRefreshRequestedTokenType}: NO or SAME_SESSION. */
        public boolean exchangeMayIssueRefreshTokens() {
            return "SAME_SESSION".equals(attributes.get("standard.token.exchange.enableRefreshRequestedTokenType"));
        }

        public boolean usesSignedJwt() {
            return "client-jwt".equals(authenticatorType);
        }
    }

    public record User(
            String id,
            String username,
            boolean enabled,
            String email,
            Boolean emailVerified,
            String firstName,
            String lastName,
            String password,
            Set<RoleId> roles,
            String serviceAccountClientId,
            Map<String, List<String>> attributes,
            List<String> groups) {

        public User {
            roles = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(roles));
            attributes = Map.copyOf(attributes);
            groups = List.copyOf(groups);
        }
    }
}
