package dev.audguard.issuer.internal;

import dev.audguard.issuer.internal.RealmModel.Client;
import dev.audguard.issuer.internal.RealmModel.RoleId;
import dev.audguard.issuer.internal.RealmModel.User;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code users}: names (lower-cased, as Keycloak stores them), ids, profile, plain-text password
 * credentials, realm and client roles, group memberships, attributes; then the service-account user Keycloak creates
 * for each client with service accounts enabled.
 *
 * <p>Not thread-safe; one per import.
 */
final class UserImporter {

    private final ImportState state;

    UserImporter(ImportState state) {
        this.state = state;
    }

    Map<String, User> read(Node root) {
        Map<String, User> users = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (Node u : root.get("users").items()) {
            u.requireObject();
            String username = u.get("username").requiredString().toLowerCase(Locale.ROOT);
            if (users.containsKey(username)) {
                throw u.get("username").fail("duplicate user '" + username + "'");
            }
            String id = u.get("id").string(state.stableId(username));
            if (!ids.add(id)) {
                throw u.get("id").fail("duplicate user id");
            }
            String serviceAccountOf = u.get("serviceAccountClientId").string(null);
            users.put(username, new User(id, username,
                    // Keycloak's import leaves a user without "enabled" disabled.
                    u.get("enabled").bool(false),
                    u.get("email").string(null),
                    u.has("emailVerified") ? u.get("emailVerified").bool(false) : Boolean.FALSE,
                    u.get("firstName").string(null),
                    u.get("lastName").string(null),
                    password(u, username),
                    state.roleReferences(u),
                    serviceAccountOf,
                    attributes(u),
                    groups(u)));
            if (serviceAccountOf != null && !state.clients.containsKey(serviceAccountOf)) {
                throw u.get("serviceAccountClientId").fail("unknown client '" + serviceAccountOf + "'");
            }
        }
        return users;
    }


    /** Group paths, with or without the leading slash, as Keycloak's import accepts them. */
    private List<String> groups(Node u) {
        List<String> out = new java.util.ArrayList<>();
        for (Node g : u.get("groups").items()) {
            String raw = g.string(null);
            if (raw == null) {
                throw g.fail("expected a string");
            }
            String path = raw.startsWith("/") ? raw : "/" + raw;
            if (!state.groups.containsKey(path)) {
                throw g.fail("unknown group '" + path + "'");
            }
            if (!out.contains(path)) {
                out.add(path);
            }
        }
        return out;
    }

    private String password(Node user, String username) {
        for (Node c : user.get("credentials").items()) {
            c.requireObject();
            if (!"password".equals(c.get("type").string("password"))) {
                continue;
            }
            String value = c.get("value").string(null);
            if (value != null) {
                return value;
            }
            if (c.has("secretData") || c.has("hashedSaltedValue")) {
                state.ignored.add("hashed password credentials (user " + username + " cannot log in with a password)");
            }
        }
        return null;
    }

    private static Map<String, List<String>> attributes(Node user) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : user.get("attributes").members().entrySet()) {
            Node value = e.getValue();
            if (value.isArray()) {
                out.put(e.getKey(), value.strings());
            } else if (value.present()) {
                out.put(e.getKey(), List.of(value.scalar()));
            }
        }
        return out;
    }

    /**
     * Keycloak creates this user when it enables the service account, with the realm's default
     * roles: that is where the {@code account} audience of service-account tokens comes from.
     */
    void addServiceAccounts(Map<String, User> users, String defaultRole) {
        for (Client client : state.clients.values()) {
            if (!client.serviceAccountsEnabled() || users.values().stream()
                    .anyMatch(u -> client.clientId().equals(u.serviceAccountClientId()))) {
                continue;
            }
            String username = "service-account-" + client.clientId().toLowerCase(Locale.ROOT);
            users.put(username, new User(state.stableId(username), username, true, null, Boolean.FALSE, null, null, null,
                    Set.of(RoleId.realm(defaultRole)), client.clientId(), Map.of(), List.of()));
        }
    }
}
