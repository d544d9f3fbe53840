package dev.audguard.issuer.internal;

import com.nimbusds.jose.jwk.JWKSet;
import dev.audguard.issuer.RealmFormatException;
import dev.audguard.issuer.internal.RealmModel.Client;
import dev.audguard.issuer.internal.RealmModel.Mapper;
import dev.audguard.issuer.internal.RealmModel.Role;
import dev.audguard.issuer.internal.RealmModel.RoleId;
import dev.audguard.issuer.internal.RealmModel.Scope;
import dev.audguard.issuer.internal.RealmModel.User;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads Keycloak's realm-export JSON (the subset in the README) and applies what Keycloak does on
 * import: built-in client scopes for a file that declares none, realm default scopes for clients that
 * name none, default roles, the {@code account} client, and a service-account user per client with
 * service accounts enabled. Unknown keys are ignored; anything that cannot be used fails with the
 * JSON path at fault.
 *
 * <p>Stateless and thread-safe.
 */
public final class RealmParser {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._~-]+");
    private static final String OIDC = "openid-connect";
    private static final List<String> BUILT_IN_DEFAULT_SCOPES =
            List.of("basic", "profile", "email", "roles", "web-origins", "acr");
    private static final List<String> BUILT_IN_OPTIONAL_SCOPES = List.of("offline_access");
    private static final List<String> ACCOUNT_ROLES = List.of("view-profile", "manage-account",
            "manage-account-links", "view-applications", "view-consent", "manage-consent",
            "delete-account", "view-groups");

    private RealmParser() {
    }

    /** Keycloak's built-in client scopes, as JSON objects, for realms built in code. */
    public static List<Object> builtInClientScopes() {
        return Run.builtInScopes();
    }

    public static RealmModel parse(String json) {
        Map<String, Object> root = Json.parseObject(json)
                .orElseThrow(() -> new RealmFormatException("$", "not a JSON object"));
        return new Run(root).model();
    }

    /** One parse; holds what was read so far. */
    private static final class Run {
        private final Map<String, Object> root;
        private final Set<String> ignored = new TreeSet<>();
        private final Map<String, Scope> scopes = new LinkedHashMap<>();
        private final Set<String> foreignScopes = new HashSet<>();
        private final Map<String, Client> clients = new LinkedHashMap<>();
        private final Set<String> foreignClients = new HashSet<>();
        private final Map<RoleId, List<Object>> compositeSources = new LinkedHashMap<>();
        private final Map<RoleId, String> rolePaths = new LinkedHashMap<>();
        private String realm;

        Run(Map<String, Object> root) {
            this.root = root;
        }

        RealmModel model() {
            realm = requiredString(root, "realm", "$");
            if (!SAFE_NAME.matcher(realm).matches()) {
                throw new RealmFormatException("$.realm", "a realm name may hold only letters, digits and . _ ~ -");
            }
            boolean enabled = bool(root, "enabled", "$", true);
            int lifespan = positiveInt(root, "accessTokenLifespan", "$", 300);
            int idle = positiveInt(root, "ssoSessionIdleTimeout", "$", 1800);
            int max = positiveInt(root, "ssoSessionMaxLifespan", "$", 36000);

            readScopes();
            List<String> realmDefaults;
            List<String> realmOptionals;
            if (root.containsKey("clientScopes")) {
                realmDefaults = scopeNames(root, "defaultDefaultClientScopes", "$", List.of());
                realmOptionals = scopeNames(root, "defaultOptionalClientScopes", "$", List.of());
            } else {
                realmDefaults = scopeNames(root, "defaultDefaultClientScopes", "$", BUILT_IN_DEFAULT_SCOPES);
                realmOptionals = scopeNames(root, "defaultOptionalClientScopes", "$", BUILT_IN_OPTIONAL_SCOPES);
            }
            readClients(realmDefaults, realmOptionals);
            addAccountClient(realmDefaults, realmOptionals);
            readRoles();
            String defaultRole = defaultRoleName();
            Map<RoleId, Role> roles = resolveRoles(defaultRole);

            Map<String, Set<RoleId>> clientScopeMappings = new LinkedHashMap<>();
            Map<String, Set<RoleId>> scopeScopeMappings = new LinkedHashMap<>();
            readScopeMappings(roles, clientScopeMappings, scopeScopeMappings);

            Map<String, User> users = readUsers(roles);
            addServiceAccounts(users, defaultRole);

            return new RealmModel(realm, enabled, lifespan, idle, max, clients, scopes, roles,
                    clientScopeMappings, scopeScopeMappings, users, List.copyOf(ignored));
        }

        // ---- client scopes

        private void readScopes() {
            List<Object> list;
            String base;
            if (root.containsKey("clientScopes")) {
                list = array(root, "clientScopes", "$");
                base = "$.clientScopes";
            } else {
                list = builtInScopes();
                base = "(built-in client scopes)";
            }
            for (int i = 0; i < list.size(); i++) {
                String path = base + "[" + i + "]";
                Map<String, Object> scope = object(list.get(i), path);
                String name = requiredString(scope, "name", path);
                if (scopes.containsKey(name) || foreignScopes.contains(name)) {
                    throw new RealmFormatException(path + ".name", "duplicate client scope '" + name + "'");
                }
                String protocol = optionalString(scope, "protocol", path, OIDC);
                if (!OIDC.equals(protocol)) {
                    foreignScopes.add(name);
                    continue;
                }
                Map<String, String> attributes = stringMap(scope, "attributes", path);
                boolean include = !"false".equals(attributes.get("include.in.token.scope"));
                scopes.put(name, new Scope(name, include, mappers(scope, path)));
            }
        }

        private static List<Object> builtInScopes() {
            try (InputStream in = RealmParser.class.getResourceAsStream("keycloak-builtin-client-scopes.json")) {
                if (in == null) {
                    throw new IllegalStateException("built-in client scopes missing from the jar");
                }
                Map<String, Object> doc = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .orElseThrow(() -> new IllegalStateException("built-in client scopes unreadable"));
                return array(doc, "clientScopes", "(built-in client scopes)");
            } catch (IOException e) {
                throw new IllegalStateException("built-in client scopes unreadable", e);
            }
        }

        private List<Mapper> mappers(Map<String, Object> owner, String ownerPath) {
            List<Mapper> out = new ArrayList<>();
            List<Object> list = optionalArray(owner, "protocolMappers", ownerPath);
            for (int i = 0; i < list.size(); i++) {
                String path = ownerPath + ".protocolMappers[" + i + "]";
                Map<String, Object> mapper = object(list.get(i), path);
                if (!OIDC.equals(optionalString(mapper, "protocol", path, OIDC))) {
                    continue;
                }
                String type = requiredString(mapper, "protocolMapper", path);
                String name = optionalString(mapper, "name", path, type);
                if (!Claims.SUPPORTED_MAPPERS.contains(type)) {
                    ignored.add(type);
                }
                out.add(new Mapper(name, type, stringMap(mapper, "config", path)));
            }
            return out;
        }

        private List<String> scopeNames(Map<String, Object> owner, String key, String ownerPath, List<String> fallback) {
            if (!owner.containsKey(key)) {
                return fallback.stream().filter(scopes::containsKey).toList();
            }
            List<String> names = strings(owner, key, ownerPath);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (foreignScopes.contains(name)) {
                    continue;
                }
                if (!scopes.containsKey(name)) {
                    throw new RealmFormatException(ownerPath + "." + key + "[" + i + "]", "unknown client scope '" + name + "'");
                }
                if (!out.contains(name)) {
                    out.add(name);
                }
            }
            return out;
        }

        // ---- clients

        private void readClients(List<String> realmDefaults, List<String> realmOptionals) {
            List<Object> list = optionalArray(root, "clients", "$");
            for (int i = 0; i < list.size(); i++) {
                String path = "$.clients[" + i + "]";
                Map<String, Object> c = object(list.get(i), path);
                String clientId = requiredString(c, "clientId", path);
                if (clients.containsKey(clientId) || foreignClients.contains(clientId)) {
                    throw new RealmFormatException(path + ".clientId", "duplicate client '" + clientId + "'");
                }
                if (!OIDC.equals(optionalString(c, "protocol", path, OIDC))) {
                    foreignClients.add(clientId);
                    continue;
                }
                boolean serviceAccounts = bool(c, "serviceAccountsEnabled", path, false);
                List<String> defaults;
                if (c.containsKey("defaultClientScopes")) {
                    defaults = scopeNames(c, "defaultClientScopes", path, List.of());
                } else {
                    defaults = new ArrayList<>(realmDefaults);
                    if (serviceAccounts && scopes.containsKey("service_account")) {
                        defaults.add("service_account");
                    }
                }
                List<String> optionals = c.containsKey("optionalClientScopes")
                        ? scopeNames(c, "optionalClientScopes", path, List.of())
                        : realmOptionals;
                Map<String, String> attributes = stringMap(c, "attributes", path);
                String lifespan = attributes.get("access.token.lifespan");
                if (lifespan != null && !lifespan.isBlank()) {
                    try {
                        if (Integer.parseInt(lifespan.trim()) <= 0) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw new RealmFormatException(path + ".attributes.access.token.lifespan", "expected a positive number of seconds");
                    }
                }
                String authenticator = optionalString(c, "clientAuthenticatorType", path, "client-secret");
                if (!authenticator.equals("client-secret") && !authenticator.equals("client-jwt")) {
                    ignored.add("clientAuthenticatorType " + authenticator + " (client " + clientId + " cannot authenticate)");
                }
                if (authenticator.equals("client-jwt")) {
                    checkJwks(attributes, path);
                }
                clients.put(clientId, new Client(
                        clientId,
                        bool(c, "enabled", path, true),
                        optionalString(c, "secret", path, null),
                        bool(c, "publicClient", path, false),
                        bool(c, "bearerOnly", path, false),
                        bool(c, "standardFlowEnabled", path, true),
                        bool(c, "directAccessGrantsEnabled", path, false),
                        serviceAccounts,
                        bool(c, "fullScopeAllowed", path, true),
                        strings(c, "redirectUris", path),
                        strings(c, "webOrigins", path),
                        defaults,
                        optionals,
                        mappers(c, path),
                        attributes,
                        authenticator));
            }
        }

        private void checkJwks(Map<String, String> attributes, String path) {
            if ("true".equals(attributes.get("use.jwks.string"))) {
                String jwks = attributes.get("jwks.string");
                try {
                    if (jwks == null) {
                        throw new ParseException("missing", 0);
                    }
                    JWKSet.parse(jwks);
                } catch (ParseException e) {
                    throw new RealmFormatException(path + ".attributes.jwks.string", "expected a JWK set (JSON text)");
                }
            } else if ("true".equals(attributes.get("use.jwks.url"))) {
                String url = attributes.get("jwks.url");
                if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                    throw new RealmFormatException(path + ".attributes.jwks.url", "expected an http(s) URL");
                }
            } else {
                ignored.add("client-jwt without use.jwks.url or use.jwks.string (certificate attributes are not supported)");
            }
        }

        private void addAccountClient(List<String> realmDefaults, List<String> realmOptionals) {
            if (clients.containsKey("account") || foreignClients.contains("account")) {
                return;
            }
            // Keycloak creates it with every realm; its roles are what default roles hand out.
            clients.put("account", new Client("account", true, null, true, false, false, false, false,
                    true, List.of(), List.of(), realmDefaults, realmOptionals, List.of(), Map.of(), "client-secret"));
        }

        // ---- roles

        private void readRoles() {
            Map<String, Object> roles = optionalObject(root, "roles", "$");
            List<Object> realmRoles = optionalArray(roles, "realm", "$.roles");
            for (int i = 0; i < realmRoles.size(); i++) {
                String path = "$.roles.realm[" + i + "]";
                defineRole(RoleId.realm(requiredString(object(realmRoles.get(i), path), "name", path)), realmRoles.get(i), path);
            }
            Map<String, Object> clientRoles = optionalObject(roles, "client", "$.roles");
            for (Map.Entry<String, Object> entry : clientRoles.entrySet()) {
                String cpath = "$.roles.client." + entry.getKey();
                if (foreignClients.contains(entry.getKey())) {
                    continue;
                }
                if (!clients.containsKey(entry.getKey())) {
                    throw new RealmFormatException(cpath, "roles for unknown client '" + entry.getKey() + "'");
                }
                List<Object> list = array(entry.getValue(), cpath);
                for (int i = 0; i < list.size(); i++) {
                    String path = cpath + "[" + i + "]";
                    defineRole(RoleId.client(entry.getKey(), requiredString(object(list.get(i), path), "name", path)), list.get(i), path);
                }
            }
            if (!compositeSources.containsKey(RoleId.client("account", "view-profile")) && clients.containsKey("account")
                    && clientRoles.get("account") == null) {
                for (String name : ACCOUNT_ROLES) {
                    defineBuiltIn(RoleId.client("account", name));
                }
            }
            defineBuiltIn(RoleId.realm("offline_access"));
            defineBuiltIn(RoleId.realm("uma_authorization"));
        }

        private void defineBuiltIn(RoleId id) {
            if (!compositeSources.containsKey(id)) {
                compositeSources.put(id, List.of());
                rolePaths.put(id, "(Keycloak default role " + id + ")");
            }
        }

        private void defineRole(RoleId id, Object node, String path) {
            if (compositeSources.containsKey(id)) {
                throw new RealmFormatException(path + ".name", "duplicate role '" + id + "'");
            }
            Map<String, Object> role = object(node, path);
            compositeSources.put(id, List.of(optionalObject(role, "composites", path)));
            rolePaths.put(id, path);
        }

        private String defaultRoleName() {
            Map<String, Object> defaultRole = optionalObject(root, "defaultRole", "$");
            return optionalString(defaultRole, "name", "$.defaultRole", "default-roles-" + realm.toLowerCase(Locale.ROOT));
        }

        private Map<RoleId, Role> resolveRoles(String defaultRole) {
            Map<RoleId, Role> out = new LinkedHashMap<>();
            for (Map.Entry<RoleId, List<Object>> entry : compositeSources.entrySet()) {
                Set<RoleId> composites = new LinkedHashSet<>();
                String path = rolePaths.get(entry.getKey()) + ".composites";
                for (Object source : entry.getValue()) {
                    Map<String, Object> comp = object(source, path);
                    for (String name : strings(comp, "realm", path)) {
                        composites.add(existingRole(RoleId.realm(name), path + ".realm"));
                    }
                    Map<String, Object> byClient = optionalObject(comp, "client", path);
                    for (Map.Entry<String, Object> c : byClient.entrySet()) {
                        for (String name : strings(byClient, c.getKey(), path + ".client")) {
                            composites.add(existingRole(RoleId.client(c.getKey(), name), path + ".client." + c.getKey()));
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
            RoleId manage = RoleId.client("account", "manage-account");
            RoleId links = RoleId.client("account", "manage-account-links");
            if (out.containsKey(manage) && out.get(manage).composites().isEmpty() && out.containsKey(links)
                    && rolePaths.get(manage).startsWith("(")) {
                out.put(manage, new Role(manage, Set.of(links)));
            }
            RoleId manageConsent = RoleId.client("account", "manage-consent");
            RoleId viewConsent = RoleId.client("account", "view-consent");
            if (out.containsKey(manageConsent) && rolePaths.get(manageConsent).startsWith("(") && out.containsKey(viewConsent)) {
                out.put(manageConsent, new Role(manageConsent, Set.of(viewConsent)));
            }
            return out;
        }

        private RoleId existingRole(RoleId id, String path) {
            if (id.isClientRole() && foreignClients.contains(id.clientId())) {
                return id;
            }
            if (!compositeSources.containsKey(id)) {
                throw new RealmFormatException(path, "unknown role '" + id + "'");
            }
            return id;
        }

        private void readScopeMappings(Map<RoleId, Role> roles, Map<String, Set<RoleId>> byClient, Map<String, Set<RoleId>> byScope) {
            List<Object> list = optionalArray(root, "scopeMappings", "$");
            for (int i = 0; i < list.size(); i++) {
                String path = "$.scopeMappings[" + i + "]";
                Map<String, Object> m = object(list.get(i), path);
                List<String> names = strings(m, "roles", path);
                Set<RoleId> target = mappingTarget(m, path, byClient, byScope);
                for (int j = 0; j < names.size(); j++) {
                    target.add(known(roles, RoleId.realm(names.get(j)), path + ".roles[" + j + "]"));
                }
            }
            Map<String, Object> clientMappings = optionalObject(root, "clientScopeMappings", "$");
            for (Map.Entry<String, Object> entry : clientMappings.entrySet()) {
                String cpath = "$.clientScopeMappings." + entry.getKey();
                List<Object> mappings = array(entry.getValue(), cpath);
                for (int i = 0; i < mappings.size(); i++) {
                    String path = cpath + "[" + i + "]";
                    Map<String, Object> m = object(mappings.get(i), path);
                    List<String> names = strings(m, "roles", path);
                    Set<RoleId> target = mappingTarget(m, path, byClient, byScope);
                    for (int j = 0; j < names.size(); j++) {
                        target.add(known(roles, RoleId.client(entry.getKey(), names.get(j)), path + ".roles[" + j + "]"));
                    }
                }
            }
        }

        private Set<RoleId> mappingTarget(Map<String, Object> m, String path, Map<String, Set<RoleId>> byClient,
                Map<String, Set<RoleId>> byScope) {
            String client = optionalString(m, "client", path, null);
            String scope = optionalString(m, "clientScope", path, null);
            if ((client == null) == (scope == null)) {
                throw new RealmFormatException(path, "expected exactly one of 'client' and 'clientScope'");
            }
            if (client != null) {
                if (!clients.containsKey(client) && !foreignClients.contains(client)) {
                    throw new RealmFormatException(path + ".client", "unknown client '" + client + "'");
                }
                return byClient.computeIfAbsent(client, k -> new LinkedHashSet<>());
            }
            if (!scopes.containsKey(scope) && !foreignScopes.contains(scope)) {
                throw new RealmFormatException(path + ".clientScope", "unknown client scope '" + scope + "'");
            }
            return byScope.computeIfAbsent(scope, k -> new LinkedHashSet<>());
        }

        private RoleId known(Map<RoleId, Role> roles, RoleId id, String path) {
            if (!roles.containsKey(id)) {
                throw new RealmFormatException(path, "unknown role '" + id + "'");
            }
            return id;
        }

        // ---- users

        private Map<String, User> readUsers(Map<RoleId, Role> roles) {
            Map<String, User> users = new LinkedHashMap<>();
            Set<String> ids = new HashSet<>();
            List<Object> list = optionalArray(root, "users", "$");
            for (int i = 0; i < list.size(); i++) {
                String path = "$.users[" + i + "]";
                Map<String, Object> u = object(list.get(i), path);
                // Keycloak stores user names in lower case.
                String username = requiredString(u, "username", path).toLowerCase(Locale.ROOT);
                if (users.containsKey(username)) {
                    throw new RealmFormatException(path + ".username", "duplicate user '" + username + "'");
                }
                String id = optionalString(u, "id", path, stableId(username));
                if (!ids.add(id)) {
                    throw new RealmFormatException(path + ".id", "duplicate user id");
                }
                Set<RoleId> userRoles = new LinkedHashSet<>();
                List<String> realmRoles = strings(u, "realmRoles", path);
                for (int j = 0; j < realmRoles.size(); j++) {
                    userRoles.add(known(roles, RoleId.realm(realmRoles.get(j)), path + ".realmRoles[" + j + "]"));
                }
                Map<String, Object> clientRoles = optionalObject(u, "clientRoles", path);
                for (String clientId : clientRoles.keySet()) {
                    String cpath = path + ".clientRoles." + clientId;
                    if (foreignClients.contains(clientId)) {
                        continue;
                    }
                    if (!clients.containsKey(clientId)) {
                        throw new RealmFormatException(cpath, "unknown client '" + clientId + "'");
                    }
                    List<String> names = strings(clientRoles, clientId, path + ".clientRoles");
                    for (int j = 0; j < names.size(); j++) {
                        userRoles.add(known(roles, RoleId.client(clientId, names.get(j)), cpath + "[" + j + "]"));
                    }
                }
                String serviceAccountOf = optionalString(u, "serviceAccountClientId", path, null);
                if (serviceAccountOf != null && !clients.containsKey(serviceAccountOf)) {
                    throw new RealmFormatException(path + ".serviceAccountClientId", "unknown client '" + serviceAccountOf + "'");
                }
                users.put(username, new User(id, username,
                        // Keycloak's import leaves a user without "enabled" disabled.
                        bool(u, "enabled", path, false),
                        optionalString(u, "email", path, null),
                        u.containsKey("emailVerified") ? bool(u, "emailVerified", path, false) : Boolean.FALSE,
                        optionalString(u, "firstName", path, null),
                        optionalString(u, "lastName", path, null),
                        password(u, path, username),
                        userRoles,
                        serviceAccountOf,
                        attributes(u, path)));
            }
            return users;
        }

        private String password(Map<String, Object> user, String path, String username) {
            List<Object> credentials = optionalArray(user, "credentials", path);
            for (int i = 0; i < credentials.size(); i++) {
                String cpath = path + ".credentials[" + i + "]";
                Map<String, Object> c = object(credentials.get(i), cpath);
                if (!"password".equals(optionalString(c, "type", cpath, "password"))) {
                    continue;
                }
                String value = optionalString(c, "value", cpath, null);
                if (value != null) {
                    return value;
                }
                if (c.containsKey("secretData") || c.containsKey("hashedSaltedValue")) {
                    ignored.add("hashed password credentials (user " + username + " cannot log in with a password)");
                }
            }
            return null;
        }

        private Map<String, List<String>> attributes(Map<String, Object> user, String path) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            Map<String, Object> attrs = optionalObject(user, "attributes", path);
            for (Map.Entry<String, Object> e : attrs.entrySet()) {
                if (e.getValue() instanceof List<?>) {
                    out.put(e.getKey(), strings(attrs, e.getKey(), path + ".attributes"));
                } else if (e.getValue() != null) {
                    out.put(e.getKey(), List.of(scalar(e.getValue(), path + ".attributes." + e.getKey())));
                }
            }
            return out;
        }

        private void addServiceAccounts(Map<String, User> users, String defaultRole) {
            for (Client client : clients.values()) {
                if (!client.serviceAccountsEnabled() || users.values().stream()
                        .anyMatch(u -> client.clientId().equals(u.serviceAccountClientId()))) {
                    continue;
                }
                String username = "service-account-" + client.clientId().toLowerCase(Locale.ROOT);
                // Keycloak creates this user when it enables the service account, with the realm's
                // default roles: that is where the "account" audience of service-account tokens comes from.
                users.put(username, new User(stableId(username), username, true, null, Boolean.FALSE, null, null, null,
                        Set.of(RoleId.realm(defaultRole)), client.clientId(), Map.of()));
            }
        }

        private String stableId(String username) {
            return UUID.nameUUIDFromBytes((realm + "/" + username).getBytes(StandardCharsets.UTF_8)).toString();
        }

        // ---- typed access with paths

        private static Map<String, Object> object(Object node, String path) {
            if (node instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> cast = (Map<String, Object>) map;
                return cast;
            }
            throw new RealmFormatException(path, "expected a JSON object");
        }

        private static List<Object> array(Object node, String path) {
            if (node instanceof List<?> list) {
                @SuppressWarnings("unchecked")
                List<Object> cast = (List<Object>) list;
                return cast;
            }
            throw new RealmFormatException(path, "expected a JSON array");
        }

        private static List<Object> array(Map<String, Object> owner, String key, String ownerPath) {
            return array(owner.get(key), ownerPath + "." + key);
        }

        private static List<Object> optionalArray(Map<String, Object> owner, String key, String ownerPath) {
            Object v = owner.get(key);
            return v == null ? List.of() : array(v, ownerPath + "." + key);
        }

        private static Map<String, Object> optionalObject(Map<String, Object> owner, String key, String ownerPath) {
            Object v = owner.get(key);
            return v == null ? Map.of() : object(v, ownerPath + "." + key);
        }

        private static String requiredString(Map<String, Object> owner, String key, String ownerPath) {
            String v = optionalString(owner, key, ownerPath, null);
            if (v == null || v.isBlank()) {
                throw new RealmFormatException(ownerPath + "." + key, "required, expected a non-empty string");
            }
            return v;
        }

        private static String optionalString(Map<String, Object> owner, String key, String ownerPath, String fallback) {
            Object v = owner.get(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof String s) {
                return s;
            }
            throw new RealmFormatException(ownerPath + "." + key, "expected a string");
        }

        private static boolean bool(Map<String, Object> owner, String key, String ownerPath, boolean fallback) {
            Object v = owner.get(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            if ("true".equals(v) || "false".equals(v)) {
                return Boolean.parseBoolean((String) v);
            }
            throw new RealmFormatException(ownerPath + "." + key, "expected true or false");
        }

        private static int positiveInt(Map<String, Object> owner, String key, String ownerPath, int fallback) {
            Object v = owner.get(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0
                    && n.longValue() <= Integer.MAX_VALUE) {
                return n.intValue();
            }
            throw new RealmFormatException(ownerPath + "." + key, "expected a positive whole number");
        }

        private static List<String> strings(Map<String, Object> owner, String key, String ownerPath) {
            List<Object> list = optionalArray(owner, key, ownerPath);
            List<String> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s)) {
                    throw new RealmFormatException(ownerPath + "." + key + "[" + i + "]", "expected a string");
                }
                out.add(s);
            }
            return out;
        }

        /** Keycloak's attribute and config maps hold strings; exports sometimes write booleans or numbers. */
        private static Map<String, String> stringMap(Map<String, Object> owner, String key, String ownerPath) {
            Map<String, String> out = new LinkedHashMap<>();
            Map<String, Object> map = optionalObject(owner, key, ownerPath);
            for (Map.Entry<String, Object> e : map.entrySet()) {
                if (e.getValue() != null) {
                    out.put(e.getKey(), scalar(e.getValue(), ownerPath + "." + key + "." + e.getKey()));
                }
            }
            return out;
        }

        private static String scalar(Object v, String path) {
            if (v instanceof String s) {
                return s;
            }
            if (v instanceof Boolean) {
                return v.toString();
            }
            if (v instanceof Number n) {
                return n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue()) : n.toString();
            }
            throw new RealmFormatException(path, "expected a string");
        }
    }
}
