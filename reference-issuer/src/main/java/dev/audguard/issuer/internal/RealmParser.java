package dev.audguard.issuer.internal;

import dev.audguard.issuer.RealmFormatException;
import dev.audguard.issuer.internal.RealmModel.RoleId;
import dev.audguard.issuer.internal.RealmModel.User;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads Keycloak's realm-export JSON (the subset in the README) and applies what Keycloak does on
 * import: built-in client scopes for a file that declares none, realm default scopes for clients that
 * name none, default roles, the {@code account} client, and a service-account user per client with
 * service accounts enabled. Unknown keys are ignored; anything that cannot be used fails with the
 * JSON path at fault and, for text, its line and column.
 *
 * <p>The work is split as Keycloak resolves references: {@link ScopeImporter}, {@link ClientImporter},
 * {@link RoleImporter}, {@link UserImporter}, sharing one {@link ImportState}.
 *
 * <p>Stateless and thread-safe.
 */
public final class RealmParser {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._~-]+");
    /** The realm default scopes Keycloak gives a new realm. */
    public static final List<String> BUILT_IN_DEFAULT_SCOPES = ScopeImporter.BUILT_IN_DEFAULT_SCOPES;
    public static final List<String> BUILT_IN_OPTIONAL_SCOPES = ScopeImporter.BUILT_IN_OPTIONAL_SCOPES;

    private RealmParser() {
    }

    /** Keycloak's built-in client scopes, as JSON values (unmodifiable), for realms built in code. */
    public static List<Object> builtInClientScopes() {
        return ScopeImporter.builtInScopes();
    }

    /** @throws RealmFormatException naming the path, line and column at fault */
    public static RealmModel parse(String json) {
        return read(JsonReader.read(Objects.requireNonNull(json, "json")).root());
    }

    /**
     * A realm document already held as JSON values (maps with string keys, lists, strings, numbers,
     * booleans), as {@code Realm.Builder} makes it: no text is written or parsed.
     *
     * @throws RealmFormatException naming the path at fault
     */
    public static RealmModel parse(Map<String, ?> document) {
        return read(Node.root(Objects.requireNonNull(document, "document"), "$", Map.of()));
    }

    private static RealmModel read(Node root) {
        if (!(root.raw() instanceof Map<?, ?>)) {
            throw root.fail("expected a JSON object (a Keycloak realm export)");
        }
        Node realmNode = root.get("realm");
        String realm = realmNode.requiredString();
        if (!SAFE_NAME.matcher(realm).matches()) {
            throw realmNode.fail("a realm name may hold only letters, digits and . _ ~ -");
        }
        boolean enabled = root.get("enabled").bool(true);
        int lifespan = root.get("accessTokenLifespan").positiveInt(300);
        int idle = root.get("ssoSessionIdleTimeout").positiveInt(1800);
        int max = root.get("ssoSessionMaxLifespan").positiveInt(36000);

        ImportState state = new ImportState(realm);
        ScopeImporter scopes = new ScopeImporter(state);
        scopes.read(root);
        boolean declared = root.has("clientScopes");
        List<String> realmDefaults = scopes.names(root, "defaultDefaultClientScopes",
                declared ? List.of() : ScopeImporter.BUILT_IN_DEFAULT_SCOPES);
        List<String> realmOptionals = scopes.names(root, "defaultOptionalClientScopes",
                declared ? List.of() : ScopeImporter.BUILT_IN_OPTIONAL_SCOPES);

        ClientImporter clients = new ClientImporter(state, scopes);
        clients.read(root, realmDefaults, realmOptionals);
        clients.addAccountClient(realmDefaults, realmOptionals);

        RoleImporter roles = new RoleImporter(state);
        roles.read(root);
        String defaultRole = roles.defaultRoleName(root);
        roles.resolve(defaultRole);
        Map<String, Set<RoleId>> clientScopeMappings = new LinkedHashMap<>();
        Map<String, Set<RoleId>> scopeScopeMappings = new LinkedHashMap<>();
        roles.readScopeMappings(root, clientScopeMappings, scopeScopeMappings);

        new GroupImporter(state).read(root);
        UserImporter users = new UserImporter(state);
        Map<String, User> userMap = users.read(root);
        users.addServiceAccounts(userMap, defaultRole);

        RealmModel.Settings settings = settings(root);
        RealmSettings.reportUnmodelled(root, state.ignored);
        RealmSettings.noticeMissingSub(state);
        return new RealmModel(realm, enabled, lifespan, idle, max, state.clients, state.scopes, state.roles,
                clientScopeMappings, scopeScopeMappings, userMap, List.copyOf(state.ignored), state.groups, settings,
                state.notices, castDocument(root.raw()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castDocument(Object raw) {
        return (Map<String, Object>) raw;
    }

    private static RealmModel.Settings settings(Node root) {
        Node alg = root.get("defaultSignatureAlgorithm");
        String algorithm = alg.string("RS256");
        if (!RealmSettings.SIGNATURE_ALGORITHMS.contains(algorithm)) {
            throw alg.fail("the reference issuer signs with " + String.join(", ", RealmSettings.SIGNATURE_ALGORITHMS));
        }
        return new RealmModel.Settings(root.get("revokeRefreshToken").bool(false),
                root.get("refreshTokenMaxReuse").nonNegativeInt(0), algorithm,
                root.get("accessCodeLifespan").positiveInt(60));
    }
}
