package dev.audguard.issuer.internal;

import dev.audguard.issuer.internal.RealmModel.Role;
import dev.audguard.issuer.internal.RealmModel.RoleId;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code roles} (realm and client roles with their composites), Keycloak's default roles (the
 * {@code account} client's, {@code offline_access}, {@code uma_authorization} and the realm's
 * {@code default-roles-<realm>} composite), and the role scope mappings of clients and client scopes.
 *
 * <p>Not thread-safe; one per import.
 */
final class RoleImporter {

    private static final List<String> ACCOUNT_ROLES = List.of("view-profile", "manage-account",
            "manage-account-links", "view-applications", "view-consent", "manage-consent",
            "delete-account", "view-groups");
    /** Marks roles Keycloak creates itself, which may get its default composites. */
    private static final Node BUILT_IN = Node.root(null, "(Keycloak default role)", Map.of());

    private final ImportState state;
    /** Each role's {@code composites} node, resolved once every role is known. */
    private final Map<RoleId, Node> definitions = new LinkedHashMap<>();

    RoleImporter(ImportState state) {
        this.state = state;
    }

    void read(Node root) {
        Node roles = root.get("roles");
        for (Node role : roles.get("realm").items()) {
            define(RoleId.realm(role.requireObject().get("name").requiredString()), role);
        }
        Map<String, Node> byClient = roles.get("client").members();
        for (Map.Entry<String, Node> entry : byClient.entrySet()) {
            String clientId = entry.getKey();
            if (state.foreignClients.contains(clientId)) {
                continue;
            }
            if (!state.clients.containsKey(clientId)) {
                throw entry.getValue().fail("roles for unknown client '" + clientId + "'");
            }
            for (Node role : entry.getValue().requiredItems()) {
                define(RoleId.client(clientId, role.requireObject().get("name").requiredString()), role);
            }
        }
        if (!definitions.containsKey(RoleId.client("account", "view-profile")) && state.clients.containsKey("account")
                && !byClient.containsKey("account")) {
            ACCOUNT_ROLES.forEach(name -> defineBuiltIn(RoleId.client("account", name)));
        }
        defineBuiltIn(RoleId.realm("offline_access"));
        defineBuiltIn(RoleId.realm("uma_authorization"));
    }

    private void defineBuiltIn(RoleId id) {
        definitions.putIfAbsent(id, BUILT_IN);
    }

    private void define(RoleId id, Node role) {
        if (definitions.containsKey(id)) {
            throw role.get("name").fail("duplicate role '" + id + "'");
        }
        definitions.put(id, role);
    }

    String defaultRoleName(Node root) {
        return root.get("defaultRole").get("name").string("default-roles-" + state.realm.toLowerCase(Locale.ROOT));
    }

    /** Resolves composites into {@link ImportState#roles} and adds Keycloak's default composites. */
    void resolve(String defaultRole) {
        Map<RoleId, Role> out = state.roles;
        for (Map.Entry<RoleId, Node> entry : definitions.entrySet()) {
            Set<RoleId> composites = new LinkedHashSet<>();
            if (entry.getValue() != BUILT_IN) {
                Node comp = entry.getValue().get("composites");
                for (Node name : comp.get("realm").items()) {
                    composites.add(existing(RoleId.realm(name.string(null)), comp.get("realm"), name));
                }
                for (Map.Entry<String, Node> c : comp.get("client").members().entrySet()) {
                    List<String> names = c.getValue().strings();
                    for (String name : names) {
                        composites.add(existing(RoleId.client(c.getKey(), name), c.getValue(), null));
                    }
                }
            }
            out.put(entry.getKey(), new Role(entry.getKey(), composites));
        }
        RoleId defaults = RoleId.realm(defaultRole);
        if (!out.containsKey(defaults)) {
            Set<RoleId> composites = new LinkedHashSet<>(List.of(RoleId.realm("offline_access"), RoleId.realm("uma_authorization")));
            for (RoleId r : List.of(RoleId.client("account", "view-profile"), RoleId.client("account", "manage-account"))) {
                if (out.containsKey(r)) {
                    composites.add(r);
                }
            }
            out.put(defaults, new Role(defaults, composites));
        }
        builtInComposite(RoleId.client("account", "manage-account"), RoleId.client("account", "manage-account-links"));
        builtInComposite(RoleId.client("account", "manage-consent"), RoleId.client("account", "view-consent"));
    }

    private void builtInComposite(RoleId role, RoleId contained) {
        if (state.roles.containsKey(role) && state.roles.get(role).composites().isEmpty()
                && definitions.get(role) == BUILT_IN && state.roles.containsKey(contained)) {
            state.roles.put(role, new Role(role, Set.of(contained)));
        }
    }

    private RoleId existing(RoleId id, Node list, Node item) {
        if (id.isClientRole() && state.foreignClients.contains(id.clientId())) {
            return id;
        }
        if (id.name() == null) {
            throw item.fail("expected a string");
        }
        if (!definitions.containsKey(id)) {
            throw list.fail("unknown role '" + id + "'");
        }
        return id;
    }

    /** {@code scopeMappings} and {@code clientScopeMappings}, into the maps by client and by client scope. */
    void readScopeMappings(Node root, Map<String, Set<RoleId>> byClient, Map<String, Set<RoleId>> byScope) {
        for (Node m : root.get("scopeMappings").items()) {
            Set<RoleId> target = mappingTarget(m.requireObject(), byClient, byScope);
            Node roles = m.get("roles");
            List<String> names = roles.strings();
            for (int j = 0; j < names.size(); j++) {
                target.add(state.knownRole(RoleId.realm(names.get(j)), roles.items().get(j)));
            }
        }
        for (Map.Entry<String, Node> entry : root.get("clientScopeMappings").members().entrySet()) {
            for (Node m : entry.getValue().requiredItems()) {
                Set<RoleId> target = mappingTarget(m.requireObject(), byClient, byScope);
                Node roles = m.get("roles");
                List<String> names = roles.strings();
                for (int j = 0; j < names.size(); j++) {
                    target.add(state.knownRole(RoleId.client(entry.getKey(), names.get(j)), roles.items().get(j)));
                }
            }
        }
    }

    private Set<RoleId> mappingTarget(Node m, Map<String, Set<RoleId>> byClient, Map<String, Set<RoleId>> byScope) {
        String client = m.get("client").string(null);
        String scope = m.get("clientScope").string(null);
        if ((client == null) == (scope == null)) {
            throw m.fail("expected exactly one of 'client' and 'clientScope'");
        }
        if (client != null) {
            if (!state.knownClient(client)) {
                throw m.get("client").fail("unknown client '" + client + "'");
            }
            return byClient.computeIfAbsent(client, k -> new LinkedHashSet<>());
        }
        if (!state.knownScope(scope)) {
            throw m.get("clientScope").fail("unknown client scope '" + scope + "'");
        }
        return byScope.computeIfAbsent(scope, k -> new LinkedHashSet<>());
    }
}
