package dev.audguard.issuer;

import dev.audguard.issuer.internal.RealmModel;
import dev.audguard.issuer.internal.RealmParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A realm to serve, read from Keycloak's realm-export JSON (a file, a classpath resource, a string)
 * or built in code. Parsing applies what Keycloak does on import (built-in client scopes for a file
 * that declares none, default roles, the {@code account} client, service-account users), so the
 * issuer computes {@code aud} as Keycloak would for the same file.
 *
 * <pre>{@code
 * Realm demo = Realm.builtInDemo();
 * Realm mine = Realm.fromFile(Path.of("realm-export.json"));
 * Realm shop = Realm.builder("shop")
 *     .client("orders", c -> c.secret("orders-secret").serviceAccount().audienceMapper("billing"))
 *     .client("billing", c -> c.bearerOnly())
 *     .user("alice", u -> u.password("alice").email("alice@example.com"))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Every parse failure is a {@link RealmFormatException} naming the
 * JSON path at fault and, for JSON text, its line and column and what was expected there.
 */
public final class Realm {

    /** The classpath resource of the built-in {@code demo} realm. */
    public static final String DEMO_RESOURCE = "dev/audguard/issuer/realm-demo.json";

    private final RealmModel model;

    private Realm(RealmModel model) {
        this.model = model;
    }

    /**
     * The {@code demo} realm: the Keycloak 26 export in this module's README (clients service-a,
     * service-b, service-c, good-service, reports-api, service-x, reactive-service; users alice/alice and bob/bob).
     */
    public static Realm builtInDemo() {
        return fromClasspath(DEMO_RESOURCE);
    }

    /** @throws UncheckedIOException when the file cannot be read */
    public static Realm fromFile(Path file) {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read realm file " + file, e);
        }
    }

    /** @throws IllegalArgumentException when no such resource exists */
    public static Realm fromClasspath(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream in = context == null ? null : context.getResourceAsStream(name);
        if (in == null) {
            in = Realm.class.getClassLoader().getResourceAsStream(name);
        }
        if (in == null) {
            throw new IllegalArgumentException("no classpath resource " + name);
        }
        try (InputStream stream = in) {
            return fromJson(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
    }

    /** @throws RealmFormatException when the document cannot be used */
    public static Realm fromJson(String json) {
        return new Realm(RealmParser.parse(Objects.requireNonNull(json, "json")));
    }

    /** A realm built in code; Keycloak's built-in client scopes are always included. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return model.name();
    }

    public List<String> clientIds() {
        return List.copyOf(model.clients().keySet());
    }

    public List<String> usernames() {
        return List.copyOf(model.users().keySet());
    }

    /**
     * What the file holds that this issuer does not model: protocol mapper types other than the
     * audience, role, attribute, session-note and hardcoded-claim mappers, hashed passwords,
     * unsupported client authenticators. Reported once when the issuer starts.
     */
    public List<String> ignoredFeatures() {
        return model.ignoredMapperTypes();
    }

    /**
     * What the realm does that a test writer may not expect, reported once when the issuer starts:
     * e.g. a client whose default scopes lack {@code basic} gets tokens without {@code sub}, as in
     * Keycloak 25 and later.
     */
    public List<String> notices() {
        return model.notices();
    }

    RealmModel model() {
        return model;
    }

    @Override
    public String toString() {
        return "Realm[" + model.name() + "]";
    }

    /**
     * Builds a realm as a Keycloak export would describe it. Not thread-safe; {@link #build()} can
     * run again.
     */
    public static final class Builder {
        private final String name;
        private Duration accessTokenLifespan;
        private final List<Map<String, Object>> clients = new ArrayList<>();
        private final List<Map<String, Object>> scopes = new ArrayList<>();
        private final List<Map<String, Object>> users = new ArrayList<>();
        private final List<Map<String, Object>> realmRoles = new ArrayList<>();
        private final Map<String, List<Map<String, Object>>> clientRoles = new LinkedHashMap<>();
        private final List<Map<String, Object>> scopeMappings = new ArrayList<>();
        private final Map<String, List<Map<String, Object>>> clientScopeMappings = new LinkedHashMap<>();
        private final List<Map<String, Object>> groups = new ArrayList<>();
        private final Map<String, Object> settings = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Default five minutes, as Keycloak's. */
        public Builder accessTokenLifespan(Duration lifespan) {
            if (accessTokenLifespan != null) {
                throw new IllegalStateException("accessTokenLifespan already set");
            }
            this.accessTokenLifespan = Objects.requireNonNull(lifespan);
            return this;
        }

        /**
         * Keycloak's {@code revokeRefreshToken} on: only the latest refresh token of a session works,
         * at most {@code 1 + maxReuse} times. Off by default, as in Keycloak: any live refresh token
         * may be used again.
         */
        public Builder revokeRefreshToken(int maxReuse) {
            if (maxReuse < 0) {
                throw new IllegalArgumentException("maxReuse must be 0 or more");
            }
            settings.put("revokeRefreshToken", true);
            settings.put("refreshTokenMaxReuse", maxReuse);
            return this;
        }

        /** Keycloak's {@code defaultSignatureAlgorithm}: RS256 (the default), RS384, RS512, PS256-512, ES256-512. */
        public Builder defaultSignatureAlgorithm(String algorithm) {
            settings.put("defaultSignatureAlgorithm", Objects.requireNonNull(algorithm, "algorithm"));
            return this;
        }

        /** A top-level group; users join it by path ({@code /name}, {@code /name/sub}) with {@link UserSpec#groups}. */
        public Builder group(String groupName, Consumer<GroupSpec> spec) {
            GroupSpec g = new GroupSpec(groupName);
            spec.accept(g);
            groups.add(g.json);
            return this;
        }

        public Builder client(String clientId, Consumer<ClientSpec> spec) {
            ClientSpec c = new ClientSpec(clientId);
            spec.accept(c);
            clients.add(c.json);
            return this;
        }

        /** A client scope (protocol openid-connect), to name in a client's default or optional scopes. */
        public Builder clientScope(String scopeName, Consumer<ScopeSpec> spec) {
            ScopeSpec s = new ScopeSpec(scopeName);
            spec.accept(s);
            scopes.add(s.json);
            return this;
        }

        public Builder user(String username, Consumer<UserSpec> spec) {
            UserSpec u = new UserSpec(username);
            spec.accept(u);
            users.add(u.json);
            return this;
        }

        /** A realm role, optionally composite of other realm roles. */
        public Builder realmRole(String role, String... compositeRealmRoles) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", role);
            if (compositeRealmRoles.length > 0) {
                r.put("composite", true);
                r.put("composites", Map.of("realm", List.of(compositeRealmRoles)));
            }
            realmRoles.add(r);
            return this;
        }

        public Builder clientRole(String clientId, String role) {
            clientRoles.computeIfAbsent(clientId, k -> new ArrayList<>()).add(Map.of("name", role, "clientRole", true));
            return this;
        }

        /** Lets a client without full scope see these realm roles. */
        public Builder scopeMapping(String clientId, String... realmRoleNames) {
            scopeMappings.add(Map.of("client", clientId, "roles", List.of(realmRoleNames)));
            return this;
        }

        /** Lets a client without full scope see these client roles of {@code roleClientId}. */
        public Builder clientScopeMapping(String roleClientId, String clientId, String... roleNames) {
            clientScopeMappings.computeIfAbsent(roleClientId, k -> new ArrayList<>())
                    .add(Map.of("client", clientId, "roles", List.of(roleNames)));
            return this;
        }

        /** Limits a client scope to users holding one of these client roles of {@code roleClientId}. */
        public Builder clientScopeRoleMapping(String roleClientId, String scopeName, String... roleNames) {
            clientScopeMappings.computeIfAbsent(roleClientId, k -> new ArrayList<>())
                    .add(Map.of("clientScope", scopeName, "roles", List.of(roleNames)));
            return this;
        }

        /** @throws RealmFormatException when the pieces do not fit together, e.g. a role of an unknown client */
        public Realm build() {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("realm", name);
            root.put("enabled", true);
            if (accessTokenLifespan != null) {
                root.put("accessTokenLifespan", accessTokenLifespan.toSeconds());
            }
            List<Object> allScopes = new ArrayList<>(RealmParser.builtInClientScopes());
            allScopes.addAll(scopes);
            root.put("clientScopes", allScopes);
            root.put("defaultDefaultClientScopes", RealmParser.BUILT_IN_DEFAULT_SCOPES);
            root.put("defaultOptionalClientScopes", RealmParser.BUILT_IN_OPTIONAL_SCOPES);
            root.put("clients", List.copyOf(clients));
            root.put("users", List.copyOf(users));
            Map<String, Object> roles = new LinkedHashMap<>();
            roles.put("realm", List.copyOf(realmRoles));
            roles.put("client", new LinkedHashMap<>(clientRoles));
            root.put("roles", roles);
            root.put("scopeMappings", List.copyOf(scopeMappings));
            root.put("clientScopeMappings", new LinkedHashMap<>(clientScopeMappings));
            root.put("groups", List.copyOf(groups));
            root.putAll(settings);
            // The maps go to the importers as they are: no JSON text is written and read back.
            return new Realm(RealmParser.parse(root));
        }
    }

    /** A {@code users[]} entry as the builder writes it, for changes to a running realm. */
    static Map<String, Object> userJson(String username, Consumer<UserSpec> spec) {
        UserSpec u = new UserSpec(Objects.requireNonNull(username, "username"));
        spec.accept(u);
        return u.json;
    }

    /** A {@code clients[]} entry as the builder writes it, for changes to a running realm. */
    static Map<String, Object> clientJson(String clientId, Consumer<ClientSpec> spec) {
        ClientSpec c = new ClientSpec(Objects.requireNonNull(clientId, "clientId"));
        spec.accept(c);
        return c.json;
    }

    /** A {@code groups[]} entry as the builder writes it, for changes to a running realm. */
    static Map<String, Object> groupJson(String name, Consumer<GroupSpec> spec) {
        GroupSpec g = new GroupSpec(Objects.requireNonNull(name, "name"));
        spec.accept(g);
        return g.json;
    }

    /** An {@code oidc-audience-mapper} naming a client, as {@link ClientSpec#audienceMapper} adds it. */
    static Map<String, Object> audienceMapperJson(String audienceClientId) {
        return mapperJson("audience " + audienceClientId, "included.client.audience", audienceClientId, false);
    }

    private static Map<String, Object> mapperJson(String name, String key, String value, boolean idToken) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(key, value);
        config.put("access.token.claim", "true");
        config.put("id.token.claim", Boolean.toString(idToken));
        config.put("introspection.token.claim", "true");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("protocol", "openid-connect");
        m.put("protocolMapper", "oidc-audience-mapper");
        m.put("config", config);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void addMapper(Map<String, Object> json, Map<String, Object> mapper) {
        ((List<Object>) json.computeIfAbsent("protocolMappers", k -> new ArrayList<>())).add(mapper);
    }

    /**
     * A client of a realm being built. Defaults: enabled, confidential ({@code client-secret}), no
     * flows, full scope allowed, the realm's default client scopes. Not thread-safe.
     */
    public static final class ClientSpec {
        private final Map<String, Object> json = new LinkedHashMap<>();
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        private ClientSpec(String clientId) {
            json.put("clientId", clientId);
            json.put("enabled", true);
            json.put("protocol", "openid-connect");
            json.put("publicClient", false);
            json.put("standardFlowEnabled", false);
            json.put("directAccessGrantsEnabled", false);
            json.put("serviceAccountsEnabled", false);
            json.put("attributes", attributes);
        }

        public ClientSpec secret(String secret) {
            json.put("secret", secret);
            return this;
        }

        public ClientSpec publicClient() {
            json.put("publicClient", true);
            return this;
        }

        public ClientSpec bearerOnly() {
            json.put("bearerOnly", true);
            return this;
        }

        public ClientSpec disabled() {
            json.put("enabled", false);
            return this;
        }

        /** Enables the authorization-code flow for these redirect URIs (a trailing {@code *} matches by prefix). */
        public ClientSpec standardFlow(String... redirectUris) {
            json.put("standardFlowEnabled", true);
            json.put("redirectUris", List.of(redirectUris));
            return this;
        }

        /** Enables the password grant. */
        public ClientSpec directAccessGrants() {
            json.put("directAccessGrantsEnabled", true);
            return this;
        }

        /** Enables client credentials; the realm gets a service-account user with the default roles. */
        public ClientSpec serviceAccount() {
            json.put("serviceAccountsEnabled", true);
            return this;
        }

        /** Keycloak's "full scope allowed" off: tokens carry only roles the scope mappings allow. */
        public ClientSpec restrictScope() {
            json.put("fullScopeAllowed", false);
            return this;
        }

        /** Keycloak 26's {@code standard.token.exchange.enabled}. */
        public ClientSpec standardTokenExchange() {
            attributes.put("standard.token.exchange.enabled", "true");
            return this;
        }

        public ClientSpec defaultScopes(String... scopeNames) {
            json.put("defaultClientScopes", List.of(scopeNames));
            return this;
        }

        public ClientSpec optionalScopes(String... scopeNames) {
            json.put("optionalClientScopes", List.of(scopeNames));
            return this;
        }

        /** An {@code oidc-audience-mapper} adding another client to this client's access tokens. */
        public ClientSpec audienceMapper(String audienceClientId) {
            addMapper(json, mapperJson("audience " + audienceClientId, "included.client.audience", audienceClientId, false));
            return this;
        }

        /** An {@code oidc-audience-mapper} with {@code included.custom.audience}. */
        public ClientSpec customAudienceMapper(String audience) {
            addMapper(json, mapperJson("audience " + audience, "included.custom.audience", audience, false));
            return this;
        }

        /** Any Keycloak client attribute, e.g. {@code access.token.lifespan}. */
        public ClientSpec attribute(String key, String value) {
            attributes.put(key, value);
            return this;
        }

        /** {@code private_key_jwt} with the client's public keys given as a JWK set. */
        public ClientSpec signedJwtWithJwks(String jwksJson) {
            json.put("clientAuthenticatorType", "client-jwt");
            attributes.put("use.jwks.string", "true");
            attributes.put("jwks.string", jwksJson);
            return this;
        }

        /** {@code private_key_jwt} with the client's public keys fetched from a URL on each authentication. */
        public ClientSpec signedJwtWithJwksUrl(URI jwksUrl) {
            json.put("clientAuthenticatorType", "client-jwt");
            attributes.put("use.jwks.url", "true");
            attributes.put("jwks.url", jwksUrl.toString());
            return this;
        }
    }

    /** A client scope of a realm being built. Not thread-safe. */
    public static final class ScopeSpec {
        private final Map<String, Object> json = new LinkedHashMap<>();
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        private ScopeSpec(String name) {
            json.put("name", name);
            json.put("protocol", "openid-connect");
            attributes.put("include.in.token.scope", "true");
            json.put("attributes", attributes);
        }

        public ScopeSpec audienceMapper(String audienceClientId) {
            addMapper(json, mapperJson("audience " + audienceClientId, "included.client.audience", audienceClientId, false));
            return this;
        }

        /** The same, also into ID tokens ({@code id.token.claim}). */
        public ScopeSpec audienceMapperInIdToken(String audienceClientId) {
            addMapper(json, mapperJson("audience " + audienceClientId, "included.client.audience", audienceClientId, true));
            return this;
        }

        public ScopeSpec customAudienceMapper(String audience) {
            addMapper(json, mapperJson("audience " + audience, "included.custom.audience", audience, false));
            return this;
        }

        public ScopeSpec excludeFromTokenScope() {
            attributes.put("include.in.token.scope", "false");
            return this;
        }
    }

    /** A group of a realm being built: its roles and subgroups (which inherit its roles). Not thread-safe. */
    public static final class GroupSpec {
        private final Map<String, Object> json = new LinkedHashMap<>();
        private final Map<String, List<String>> clientRoles = new LinkedHashMap<>();
        private final List<Map<String, Object>> subGroups = new ArrayList<>();

        private GroupSpec(String name) {
            json.put("name", name);
            json.put("clientRoles", clientRoles);
            json.put("subGroups", subGroups);
        }

        public GroupSpec realmRoles(String... roles) {
            json.put("realmRoles", List.of(roles));
            return this;
        }

        public GroupSpec clientRoles(String clientId, String... roles) {
            clientRoles.put(clientId, List.of(roles));
            return this;
        }

        public GroupSpec subGroup(String name, Consumer<GroupSpec> spec) {
            GroupSpec g = new GroupSpec(name);
            spec.accept(g);
            subGroups.add(g.json);
            return this;
        }
    }

    /** A user of a realm being built. Defaults: enabled, no roles, no groups. Not thread-safe. */
    public static final class UserSpec {
        private final Map<String, Object> json = new LinkedHashMap<>();
        private final Map<String, List<String>> clientRoles = new LinkedHashMap<>();

        private UserSpec(String username) {
            json.put("username", username);
            json.put("enabled", true);
            json.put("clientRoles", clientRoles);
        }

        public UserSpec password(String password) {
            json.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
            return this;
        }

        public UserSpec email(String email) {
            json.put("email", email);
            json.put("emailVerified", true);
            return this;
        }

        public UserSpec name(String firstName, String lastName) {
            json.put("firstName", firstName);
            json.put("lastName", lastName);
            return this;
        }

        public UserSpec disabled() {
            json.put("enabled", false);
            return this;
        }

        public UserSpec realmRoles(String... roles) {
            json.put("realmRoles", List.of(roles));
            return this;
        }

        public UserSpec clientRoles(String clientId, String... roles) {
            clientRoles.put(clientId, List.of(roles));
            return this;
        }

        /** Group memberships by path, e.g. {@code "/engineering/backend"}; the user holds the roles of each and of its parents. */
        public UserSpec groups(String... paths) {
            json.put("groups", List.of(paths));
            return this;
        }
    }
}
