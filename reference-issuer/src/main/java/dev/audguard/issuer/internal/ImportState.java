package dev.audguard.issuer.internal;

import dev.audguard.issuer.internal.RealmModel.Client;
import dev.audguard.issuer.internal.RealmModel.Role;
import dev.audguard.issuer.internal.RealmModel.RoleId;
import dev.audguard.issuer.internal.RealmModel.Scope;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What one realm import has read so far, shared by the importers in the order Keycloak resolves
 * references: scopes, then clients, then roles, then groups and users. Entries of other protocols
 * (SAML) are remembered by name only, so that references to them are neither errors nor modelled.
 *
 * <p>Not thread-safe; lives for one import.
 */
final class ImportState {

    static final String OIDC = "openid-connect";

    final String realm;
    final Set<String> ignored = new TreeSet<>();
    final Map<String, Scope> scopes = new LinkedHashMap<>();
    final Set<String> foreignScopes = new HashSet<>();
    final Map<String, Client> clients = new LinkedHashMap<>();
    final Set<String> foreignClients = new HashSet<>();
    /** Filled by {@link GroupImporter}, by path. */
    final Map<String, RealmModel.Group> groups = new LinkedHashMap<>();
    /** Things the realm does that surprise: reported at start-up beside the ignored features. */
    final java.util.List<String> notices = new java.util.ArrayList<>();
    /** Filled by {@link RoleImporter#resolve}. */
    final Map<RoleId, Role> roles = new LinkedHashMap<>();

    ImportState(String realm) {
        this.realm = realm;
    }

    boolean knownClient(String clientId) {
        return clients.containsKey(clientId) || foreignClients.contains(clientId);
    }

    boolean knownScope(String name) {
        return scopes.containsKey(name) || foreignScopes.contains(name);
    }

    /** A role that must exist once roles are resolved. */
    RoleId knownRole(RoleId id, Node at) {
        if (!roles.containsKey(id)) {
            throw at.fail("unknown role '" + id + "'");
        }
        return id;
    }

    /**
     * The {@code realmRoles} and {@code clientRoles} of a user or group: each must name a known role;
     * roles of SAML clients are skipped.
     */
    java.util.Set<RoleId> roleReferences(Node owner) {
        java.util.Set<RoleId> out = new java.util.LinkedHashSet<>();
        Node realmRoles = owner.get("realmRoles");
        java.util.List<String> names = realmRoles.strings();
        for (int i = 0; i < names.size(); i++) {
            out.add(knownRole(RoleId.realm(names.get(i)), realmRoles.items().get(i)));
        }
        for (Map.Entry<String, Node> entry : owner.get("clientRoles").members().entrySet()) {
            String clientId = entry.getKey();
            if (foreignClients.contains(clientId)) {
                continue;
            }
            if (!clients.containsKey(clientId)) {
                throw entry.getValue().fail("unknown client '" + clientId + "'");
            }
            java.util.List<String> clientRoles = entry.getValue().strings();
            for (int i = 0; i < clientRoles.size(); i++) {
                out.add(knownRole(RoleId.client(clientId, clientRoles.get(i)), entry.getValue().items().get(i)));
            }
        }
        return out;
    }

    /** Keycloak gives every user a UUID; this one is derived from realm and name so it is the same on every run. */
    String stableId(String username) {
        return UUID.nameUUIDFromBytes((realm + "/" + username).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
