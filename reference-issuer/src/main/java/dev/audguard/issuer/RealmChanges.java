package dev.audguard.issuer;

import dev.audguard.issuer.internal.RealmDocument;
import dev.audguard.issuer.internal.RealmRuntime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Changes to a running realm without a restart: users, clients, realm and client roles and their
 * grants, group memberships, protocol mappers. Tokens issued after a call reflect it, {@code aud}
 * included; tokens issued before keep what they carry.
 *
 * <pre>{@code
 * RealmChanges changes = demo.changes();
 * changes.addClient("billing", c -> c.bearerOnly())
 *        .addClientRole("billing", "payer")
 *        .addUser("carol", u -> u.password("carol").clientRoles("billing", "payer"));
 * // carol's tokens now carry aud "billing" (and "account": see addUser)
 * changes.removeClient("billing");   // its roles and every grant of them go too
 * }</pre>
 *
 * <p>Each call is one change, applied whole or not at all: the realm's document is edited and
 * parsed again by the rules a realm file obeys, and the new snapshot replaces the old one
 * atomically; a request already running finishes on the snapshot it began with. A change the realm
 * cannot take (a role that does not exist, a user added twice) throws and leaves the realm as it
 * was. Removals cascade as Keycloak's admin API does: a removed client takes its roles, its
 * service-account user and every grant and scope mapping of its roles with it; a removed role
 * takes its grants and composites. Sessions of a removed user or client stop refreshing.
 *
 * <p>Thread-safe: changes are serialized, token requests never wait for them. Over HTTP the same
 * changes are under {@code {issuer}/testing/} (see the README).
 *
 * <p>Every method throws {@link IllegalArgumentException} when the change cannot apply; the message
 * names what is missing or duplicated.
 */
public final class RealmChanges {

    private final RealmRuntime rt;

    RealmChanges(RealmRuntime rt) {
        this.rt = rt;
    }

    /**
     * Adds a user. As Keycloak's admin API does (and its realm import does not), the user also holds
     * the realm's default role {@code default-roles-<realm>}, whose {@code account} client roles put
     * {@code account} into the user's {@code aud}; {@link #addUserWithoutDefaultRoles} adds one as an
     * import would.
     */
    public RealmChanges addUser(String username, Consumer<Realm.UserSpec> spec) {
        Map<String, Object> json = Realm.userJson(username, spec);
        return apply(d -> d.addUser(json, true));
    }

    /** Adds a user as a realm import would: only the roles the spec names. */
    public RealmChanges addUserWithoutDefaultRoles(String username, Consumer<Realm.UserSpec> spec) {
        Map<String, Object> json = Realm.userJson(username, spec);
        return apply(d -> d.addUser(json, false));
    }

    /** Removes a user; its sessions stop refreshing. Service-account users go with their client. */
    public RealmChanges removeUser(String username) {
        return apply(d -> d.removeUser(username));
    }

    /** Adds a client; with service accounts on it gets a {@code service-account-<client>} user, as on import. */
    public RealmChanges addClient(String clientId, Consumer<Realm.ClientSpec> spec) {
        Map<String, Object> json = Realm.clientJson(clientId, spec);
        return apply(d -> d.addClient(json));
    }

    /** Removes a client with its roles, its service-account user and every grant and mapping of its roles. */
    public RealmChanges removeClient(String clientId) {
        return apply(d -> d.removeClient(clientId));
    }

    /** Adds a realm role, optionally composite of other realm roles. */
    public RealmChanges addRealmRole(String role, String... compositeRealmRoles) {
        return apply(d -> d.addRole(null, roleJson(role, compositeRealmRoles)));
    }

    /** Adds a client role; held by a user it puts the client into the user's {@code aud} (the {@code roles} scope). */
    public RealmChanges addClientRole(String clientId, String role) {
        Objects.requireNonNull(clientId, "clientId");
        return apply(d -> d.addRole(clientId, roleJson(role)));
    }

    /** Removes a realm role the realm defines (not Keycloak's own ones) and every grant of it. */
    public RealmChanges removeRealmRole(String role) {
        return apply(d -> d.removeRole(null, role));
    }

    public RealmChanges removeClientRole(String clientId, String role) {
        Objects.requireNonNull(clientId, "clientId");
        return apply(d -> d.removeRole(clientId, role));
    }

    /** Grants realm roles to a user (a {@code service-account-<client>} user too). */
    public RealmChanges grantRealmRoles(String username, String... roles) {
        return apply(d -> d.grantRoles(username, null, List.of(roles)));
    }

    /** Grants client roles to a user (a {@code service-account-<client>} user too). */
    public RealmChanges grantClientRoles(String username, String clientId, String... roles) {
        Objects.requireNonNull(clientId, "clientId");
        return apply(d -> d.grantRoles(username, clientId, List.of(roles)));
    }

    /** Takes direct grants away; roles held through a group stay. */
    public RealmChanges revokeRealmRoles(String username, String... roles) {
        return apply(d -> d.revokeRoles(username, null, List.of(roles)));
    }

    public RealmChanges revokeClientRoles(String username, String clientId, String... roles) {
        Objects.requireNonNull(clientId, "clientId");
        return apply(d -> d.revokeRoles(username, clientId, List.of(roles)));
    }

    /** Adds a top-level group (with its roles and subgroups). */
    public RealmChanges addGroup(String name, Consumer<Realm.GroupSpec> spec) {
        Map<String, Object> json = Realm.groupJson(name, spec);
        return apply(d -> d.addGroup(json));
    }

    /** Makes a user a member of a group by path ({@code /engineering/backend}); it then holds the roles of that group and its parents. */
    public RealmChanges joinGroup(String username, String groupPath) {
        return apply(d -> d.joinGroup(username, groupPath));
    }

    public RealmChanges leaveGroup(String username, String groupPath) {
        return apply(d -> d.leaveGroup(username, groupPath));
    }

    /**
     * Adds a protocol mapper to a client, as a realm file's {@code protocolMappers[]} entry would:
     * e.g. type {@code oidc-audience-mapper} with {@code included.client.audience}, or
     * {@code oidc-hardcoded-claim-mapper}. Types the issuer does not model are reported as at start-up.
     */
    public RealmChanges addProtocolMapper(String clientId, String name, String mapperType, Map<String, String> config) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", Objects.requireNonNull(name, "name"));
        json.put("protocol", "openid-connect");
        json.put("protocolMapper", Objects.requireNonNull(mapperType, "mapperType"));
        json.put("config", new LinkedHashMap<>(config));
        return apply(d -> d.addProtocolMapper(clientId, json));
    }

    /** An {@code oidc-audience-mapper} named {@code "audience <audienceClientId>"} on a client, as {@link Realm.ClientSpec#audienceMapper} adds it. */
    public RealmChanges addAudienceMapper(String clientId, String audienceClientId) {
        Map<String, Object> json = Realm.audienceMapperJson(Objects.requireNonNull(audienceClientId, "audienceClientId"));
        return apply(d -> d.addProtocolMapper(clientId, json));
    }

    public RealmChanges removeProtocolMapper(String clientId, String name) {
        return apply(d -> d.removeProtocolMapper(clientId, name));
    }

    private static Map<String, Object> roleJson(String role, String... compositeRealmRoles) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", Objects.requireNonNull(role, "role"));
        if (compositeRealmRoles.length > 0) {
            json.put("composite", true);
            json.put("composites", Map.of("realm", List.of(compositeRealmRoles)));
        }
        return json;
    }

    private RealmChanges apply(Consumer<RealmDocument> edit) {
        rt.change(edit);
        return this;
    }

    @Override
    public String toString() {
        return "RealmChanges[" + rt.model().name() + "]";
    }
}
