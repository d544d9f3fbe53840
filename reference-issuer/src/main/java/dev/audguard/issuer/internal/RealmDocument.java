package dev.audguard.issuer.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A realm document (Keycloak's realm-export JSON as maps and lists) and the edits a running issuer
 * applies to it: add or remove a user, client, role, role grant, group membership or protocol
 * mapper. A change edits a mutable copy of the document the current {@link RealmModel} was parsed
 * from; {@link RealmRuntime#change} parses the result again, so a changed realm obeys exactly the
 * import rules of a file (default scopes, service-account users, role references checked) and a
 * change that leaves it invalid is refused as a file would be.
 *
 * <p>Removals cascade as Keycloak's admin API does: removing a client removes its roles, its
 * service-account user and every grant and scope mapping naming it; removing a role removes its
 * grants, composites and scope mappings.
 *
 * <p>The edit methods are not thread-safe; each works on the caller's own copy ({@link #thaw}).
 */
public final class RealmDocument {

    private final Map<String, Object> root;

    private RealmDocument(Map<String, Object> root) {
        this.root = root;
    }

    /** A mutable deep copy of a frozen document, to edit. */
    public static RealmDocument thaw(Map<String, Object> frozen) {
        return new RealmDocument(mutableMap(frozen));
    }

    /** The edited document, as the parser takes it. */
    public Map<String, Object> root() {
        return root;
    }

    /** An unmodifiable deep copy of a document: what a {@link RealmModel} keeps. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> freeze(Map<String, ?> document) {
        return (Map<String, Object>) freezeValue(document);
    }

    private static Object freezeValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), freezeValue(v)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(freezeValue(v)));
            return Collections.unmodifiableList(out);
        }
        return value;
    }

    private static Map<String, Object> mutableMap(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), mutableValue(v)));
        return out;
    }

    private static Object mutableValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return mutableMap(map);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(mutableValue(v)));
            return out;
        }
        return value;
    }

    // ---- users

    /**
     * Adds a user (a {@code users[]} entry). As Keycloak's admin API (unlike its import) does, the
     * user also holds the realm's default role unless {@code defaultRoles} is false.
     */
    public void addUser(Map<String, Object> user, boolean defaultRoles) {
        Object name = user.get("username");
        if (!(name instanceof String username) || username.isBlank()) {
            throw new ChangeRejected("a user needs a username", "A user needs a username");
        }
        if (findUser(username) != null || isGeneratedServiceAccount(username)) {
            throw new ChangeRejected("user '" + username + "' exists already", "The user exists already");
        }
        Map<String, Object> copy = mutableMap(user);
        if (defaultRoles) {
            List<Object> roles = list(copy, "realmRoles");
            String defaultRole = defaultRoleName();
            if (!roles.contains(defaultRole)) {
                roles.add(defaultRole);
            }
        }
        list(root, "users").add(copy);
    }

    public void removeUser(String username) {
        Map<String, Object> user = requireUser(username);
        if (user.get("serviceAccountClientId") != null) {
            throw new ChangeRejected("user '" + username + "' is the service account of client '"
                    + user.get("serviceAccountClientId") + "': remove or change the client instead",
                    "A service-account user goes with its client");
        }
        list(root, "users").remove(user);
    }

    /** Grants realm roles ({@code clientId} null) or client roles to a user; each must exist. */
    public void grantRoles(String username, String clientId, List<String> roles) {
        Map<String, Object> user = requireUserOrServiceAccount(username);
        List<Object> held = clientId == null ? list(user, "realmRoles") : list(map(user, "clientRoles"), clientId);
        for (String role : roles) {
            if (!held.contains(role)) {
                held.add(role);
            }
        }
    }

    /** The opposite of {@link #grantRoles}: removes direct grants (roles through groups stay). */
    public void revokeRoles(String username, String clientId, List<String> roles) {
        Map<String, Object> user = requireUserOrServiceAccount(username);
        List<Object> held = clientId == null ? list(user, "realmRoles") : list(map(user, "clientRoles"), clientId);
        for (String role : roles) {
            if (!held.remove(role)) {
                throw new ChangeRejected("user '" + username + "' holds no direct role '"
                        + (clientId == null ? role : clientId + "/" + role) + "'", "The user holds no such direct role");
            }
        }
    }

    /** Makes the user a member of the group at {@code path} ({@code /parent/child}; the group must exist). */
    public void joinGroup(String username, String path) {
        Map<String, Object> user = requireUserOrServiceAccount(username);
        String normalized = groupPath(path);
        if (!groupExists(list(root, "groups"), "", normalized)) {
            throw new ChangeRejected("no group '" + normalized + "'", "No such group");
        }
        List<Object> groups = list(user, "groups");
        if (groups.stream().noneMatch(g -> normalized.equals(groupPath(String.valueOf(g))))) {
            groups.add(normalized);
        }
    }

    public void leaveGroup(String username, String path) {
        Map<String, Object> user = requireUserOrServiceAccount(username);
        String normalized = groupPath(path);
        if (!list(user, "groups").removeIf(g -> normalized.equals(groupPath(String.valueOf(g))))) {
            throw new ChangeRejected("user '" + username + "' is not a member of '" + normalized + "'",
                    "The user is not a member of that group");
        }
    }

    /** A top-level group (a {@code groups[]} entry, subgroups included). */
    public void addGroup(Map<String, Object> group) {
        Object name = group.get("name");
        if (!(name instanceof String n) || n.isBlank()) {
            throw new ChangeRejected("a group needs a name", "A group needs a name");
        }
        if (groupExists(list(root, "groups"), "", "/" + n)) {
            throw new ChangeRejected("group '/" + n + "' exists already", "The group exists already");
        }
        list(root, "groups").add(mutableMap(group));
    }

    // ---- clients

    /** Adds a client (a {@code clients[]} entry); with service accounts on it gets its service-account user. */
    public void addClient(Map<String, Object> client) {
        Object id = client.get("clientId");
        if (!(id instanceof String clientId) || clientId.isBlank()) {
            throw new ChangeRejected("a client needs a clientId", "A client needs a clientId");
        }
        if (findClient(clientId) != null || "account".equals(clientId)) {
            throw new ChangeRejected("client '" + clientId + "' exists already", "The client exists already");
        }
        list(root, "clients").add(mutableMap(client));
    }

    /** Removes a client with its roles, its service-account user and every grant and mapping naming it. */
    public void removeClient(String clientId) {
        Map<String, Object> client = findClient(clientId);
        if (client == null) {
            throw new ChangeRejected("no client '" + clientId + "'", "No such client");
        }
        list(root, "clients").remove(client);
        Map<String, Object> roles = map(root, "roles");
        map(roles, "client").remove(clientId);
        map(root, "clientScopeMappings").remove(clientId);
        for (Object m : map(root, "clientScopeMappings").values()) {
            if (m instanceof List<?> entries) {
                entries.removeIf(e -> e instanceof Map<?, ?> em && clientId.equals(em.get("client")));
            }
        }
        list(root, "scopeMappings").removeIf(e -> e instanceof Map<?, ?> em && clientId.equals(em.get("client")));
        list(root, "users").removeIf(u -> u instanceof Map<?, ?> um && clientId.equals(um.get("serviceAccountClientId")));
        forEachRoleHolder(holder -> map(holder, "clientRoles").remove(clientId));
        forEachRole(role -> {
            Map<String, Object> composites = map(role, "composites");
            map(composites, "client").remove(clientId);
        });
    }

    /** Adds a protocol mapper (a {@code protocolMappers[]} entry) to a client. */
    public void addProtocolMapper(String clientId, Map<String, Object> mapper) {
        Map<String, Object> client = requireClient(clientId);
        Object name = mapper.get("name");
        if (!(name instanceof String n) || n.isBlank() || !(mapper.get("protocolMapper") instanceof String)) {
            throw new ChangeRejected("a protocol mapper needs a name and a protocolMapper type",
                    "A protocol mapper needs a name and a protocolMapper type");
        }
        List<Object> mappers = list(client, "protocolMappers");
        if (mappers.stream().anyMatch(m -> m instanceof Map<?, ?> mm && n.equals(mm.get("name")))) {
            throw new ChangeRejected("client '" + clientId + "' has a mapper '" + n + "' already",
                    "The client has a mapper of that name already");
        }
        Map<String, Object> copy = mutableMap(mapper);
        copy.putIfAbsent("protocol", ImportState.OIDC);
        mappers.add(copy);
    }

    public void removeProtocolMapper(String clientId, String mapperName) {
        Map<String, Object> client = requireClient(clientId);
        if (!list(client, "protocolMappers").removeIf(m -> m instanceof Map<?, ?> mm && mapperName.equals(mm.get("name")))) {
            throw new ChangeRejected("client '" + clientId + "' has no mapper '" + mapperName + "'", "No such mapper");
        }
    }

    // ---- roles

    /**
     * Adds a realm role ({@code clientId} null) or a client role: a {@code roles.realm[]} or
     * {@code roles.client.<clientId>[]} entry, composites included.
     */
    public void addRole(String clientId, Map<String, Object> role) {
        Object name = role.get("name");
        if (!(name instanceof String n) || n.isBlank()) {
            throw new ChangeRejected("a role needs a name", "A role needs a name");
        }
        if (clientId != null) {
            requireClient(clientId);
        }
        List<Object> roles = roleList(clientId);
        if (roles.stream().anyMatch(r -> r instanceof Map<?, ?> rm && n.equals(rm.get("name")))) {
            throw new ChangeRejected("role '" + (clientId == null ? n : clientId + "/" + n) + "' exists already",
                    "The role exists already");
        }
        Map<String, Object> copy = mutableMap(role);
        if (clientId != null) {
            copy.put("clientRole", true);
        }
        roles.add(copy);
    }

    /** Removes a role the document defines, with every grant, composite and scope mapping of it. */
    public void removeRole(String clientId, String name) {
        String shown = clientId == null ? name : clientId + "/" + name;
        if (clientId == null && name.equals(defaultRoleName())) {
            throw new ChangeRejected("the realm's default role cannot be removed", "The default role cannot be removed");
        }
        if (!roleList(clientId).removeIf(r -> r instanceof Map<?, ?> rm && name.equals(rm.get("name")))) {
            throw new ChangeRejected("no role '" + shown + "' defined in the realm (Keycloak's own roles cannot be removed)",
                    "No such role");
        }
        forEachRoleHolder(holder -> {
            if (clientId == null) {
                list(holder, "realmRoles").remove(name);
            } else {
                list(map(holder, "clientRoles"), clientId).remove(name);
            }
        });
        forEachRole(role -> {
            Map<String, Object> composites = map(role, "composites");
            if (clientId == null) {
                list(composites, "realm").remove(name);
            } else {
                list(map(composites, "client"), clientId).remove(name);
            }
        });
        if (clientId == null) {
            for (Object m : list(root, "scopeMappings")) {
                if (m instanceof Map<?, ?> mm && mm.get("roles") instanceof List<?> roles) {
                    roles.remove(name);
                }
            }
        } else if (map(root, "clientScopeMappings").get(clientId) instanceof List<?> entries) {
            for (Object m : entries) {
                if (m instanceof Map<?, ?> mm && mm.get("roles") instanceof List<?> roles) {
                    roles.remove(name);
                }
            }
        }
    }

    // ---- helpers

    private List<Object> roleList(String clientId) {
        Map<String, Object> roles = map(root, "roles");
        return clientId == null ? list(roles, "realm") : list(map(roles, "client"), clientId);
    }

    private String defaultRoleName() {
        Object defaultRole = root.get("defaultRole");
        if (defaultRole instanceof Map<?, ?> m && m.get("name") instanceof String name) {
            return name;
        }
        return "default-roles-" + String.valueOf(root.get("realm")).toLowerCase(Locale.ROOT);
    }

    private Map<String, Object> findUser(String username) {
        String wanted = username.toLowerCase(Locale.ROOT);
        for (Object u : list(root, "users")) {
            if (u instanceof Map<?, ?> um && um.get("username") instanceof String name && name.toLowerCase(Locale.ROOT).equals(wanted)) {
                return cast(um);
            }
        }
        return null;
    }

    private Map<String, Object> requireUser(String username) {
        Map<String, Object> user = findUser(Objects.requireNonNull(username, "username"));
        if (user == null) {
            throw new ChangeRejected(isGeneratedServiceAccount(username)
                    ? "user '" + username + "' is a service account the realm generates: remove or change its client instead"
                    : "no user '" + username + "'", "No such user");
        }
        return user;
    }

    /**
     * A user of the document, or the service-account user the import generates for a client, which
     * is then written into the document (as an export of that realm would list it) so it can hold
     * more roles and groups.
     */
    private Map<String, Object> requireUserOrServiceAccount(String username) {
        Map<String, Object> user = findUser(Objects.requireNonNull(username, "username"));
        if (user != null) {
            return user;
        }
        Map<String, Object> client = generatedServiceAccountClient(username);
        if (client == null) {
            throw new ChangeRejected("no user '" + username + "'", "No such user");
        }
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("username", username.toLowerCase(Locale.ROOT));
        account.put("enabled", true);
        account.put("serviceAccountClientId", client.get("clientId"));
        account.put("realmRoles", new ArrayList<>(List.of(defaultRoleName())));
        list(root, "users").add(account);
        return account;
    }

    private boolean isGeneratedServiceAccount(String username) {
        return generatedServiceAccountClient(username) != null;
    }

    private Map<String, Object> generatedServiceAccountClient(String username) {
        String wanted = username.toLowerCase(Locale.ROOT);
        for (Object c : list(root, "clients")) {
            if (c instanceof Map<?, ?> cm && Boolean.TRUE.equals(cm.get("serviceAccountsEnabled"))
                    && cm.get("clientId") instanceof String id
                    && ("service-account-" + id.toLowerCase(Locale.ROOT)).equals(wanted)) {
                return cast(cm);
            }
        }
        return null;
    }

    private Map<String, Object> findClient(String clientId) {
        for (Object c : list(root, "clients")) {
            if (c instanceof Map<?, ?> cm && clientId.equals(cm.get("clientId"))) {
                return cast(cm);
            }
        }
        return null;
    }

    private Map<String, Object> requireClient(String clientId) {
        Map<String, Object> client = findClient(Objects.requireNonNull(clientId, "clientId"));
        if (client == null) {
            throw new ChangeRejected("no client '" + clientId + "' in the realm file or added since"
                    + ("account".equals(clientId) ? " (the account client Keycloak adds cannot be changed)" : ""),
                    "No such client");
        }
        return client;
    }

    private static String groupPath(String path) {
        String p = Objects.requireNonNull(path, "path").trim();
        return p.startsWith("/") ? p : "/" + p;
    }

    private static boolean groupExists(List<Object> level, String parent, String path) {
        for (Object g : level) {
            if (g instanceof Map<?, ?> gm && gm.get("name") instanceof String name) {
                String here = parent + "/" + name;
                if (here.equals(path) || path.startsWith(here + "/")
                        && gm.get("subGroups") instanceof List<?> subs && groupExists(castList(subs), here, path)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Users and groups (subgroups included): what holds {@code realmRoles} and {@code clientRoles}. */
    private void forEachRoleHolder(java.util.function.Consumer<Map<String, Object>> action) {
        for (Object u : list(root, "users")) {
            if (u instanceof Map<?, ?> um) {
                action.accept(cast(um));
            }
        }
        forEachGroup(list(root, "groups"), action);
    }

    private static void forEachGroup(List<?> level, java.util.function.Consumer<Map<String, Object>> action) {
        for (Object g : level) {
            if (g instanceof Map<?, ?> gm) {
                action.accept(cast(gm));
                if (gm.get("subGroups") instanceof List<?> subs) {
                    forEachGroup(subs, action);
                }
            }
        }
    }

    private void forEachRole(java.util.function.Consumer<Map<String, Object>> action) {
        Map<String, Object> roles = map(root, "roles");
        for (Object r : list(roles, "realm")) {
            if (r instanceof Map<?, ?> rm) {
                action.accept(cast(rm));
            }
        }
        for (Object perClient : map(roles, "client").values()) {
            if (perClient instanceof List<?> list) {
                for (Object r : list) {
                    if (r instanceof Map<?, ?> rm) {
                        action.accept(cast(rm));
                    }
                }
            }
        }
    }

    /** The member as a mutable list, created when absent; a member of another type is refused. */
    private static List<Object> list(Map<String, Object> owner, String key) {
        Object value = owner.get(key);
        if (value == null) {
            List<Object> created = new ArrayList<>();
            owner.put(key, created);
            return created;
        }
        if (value instanceof List<?> l) {
            return castList(l);
        }
        throw new ChangeRejected("'" + key + "' is not a list in the realm document", "The realm document has an unexpected shape");
    }

    private static Map<String, Object> map(Map<String, Object> owner, String key) {
        Object value = owner.get(key);
        if (value == null) {
            Map<String, Object> created = new LinkedHashMap<>();
            owner.put(key, created);
            return created;
        }
        if (value instanceof Map<?, ?> m) {
            return cast(m);
        }
        throw new ChangeRejected("'" + key + "' is not an object in the realm document", "The realm document has an unexpected shape");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(List<?> l) {
        return (List<Object>) l;
    }

    /**
     * A change that cannot apply. {@link #getMessage()} names what the test wrote (for the Java API);
     * {@link #publicMessage()} is fixed wording, for HTTP answers.
     */
    public static final class ChangeRejected extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String publicMessage;

        public ChangeRejected(String message, String publicMessage) {
            super(message);
            this.publicMessage = publicMessage;
        }

        public String publicMessage() {
            return publicMessage;
        }
    }
}
