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
 * credentials, realm and client roles, attributes; then the service-account user Keycloak creates
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
                    roles(u),
                    serviceAccountOf,
                    attributes(u)));
            if (serviceAccountOf != null && !state.clients.containsKey(serviceAccountOf)) {
                throw u.get("serviceAccountClientId").fail("unknown client '" + serviceAccountOf + "'");
            }
        }
        return users;
    }

    private Set<RoleId> roles(Node u) {
        Set<RoleId> out = new LinkedHashSet<>();
        Node realmRoles = u.get("realmRoles");
        List<String> names = realmRoles.strings();
        for (int j = 0; j < names.size(); j++) {
            out.add(state.knownRole(RoleId.realm(names.get(j)), realmRoles.items().get(j)));
        }
        for (Map.Entry<String, Node> entry : u.get("clientRoles").members().entrySet()) {
            String clientId = entry.getKey();
            if (state.foreignClients.contains(clientId)) {
                continue;
            }
            if (!state.clients.containsKey(clientId)) {
                throw entry.getValue().fail("unknown client '" + clientId + "'");
            }
            List<String> clientRoles = entry.getValue().strings();
            for (int j = 0; j < clientRoles.size(); j++) {
                out.add(state.knownRole(RoleId.client(clientId, clientRoles.get(j)), entry.getValue().items().get(j)));
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
                    Set.of(RoleId.realm(defaultRole)), client.clientId(), Map.of()));
        }
    }
}
