package dev.audguard.issuer.internal;

import dev.audguard.issuer.internal.RealmModel.Client;
import dev.audguard.issuer.internal.RealmModel.Mapper;
import dev.audguard.issuer.internal.RealmModel.RoleId;
import dev.audguard.issuer.internal.RealmModel.Scope;
import dev.audguard.issuer.internal.RealmModel.User;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Keycloak's token model, offline: which client scopes apply, which roles a token may carry, and
 * what each protocol mapper contributes, above all to {@code aud}.
 *
 * <ol>
 *   <li>Effective client scopes: the client's default scopes, then the optional scopes named in
 *       {@code scope}; a name that is neither is {@code invalid_scope}. A scope with role scope
 *       mappings applies only to a user holding one of those roles.</li>
 *   <li>Token roles: the user's roles with composites expanded, intersected, unless the client has
 *       {@code fullScopeAllowed}, with the client's own roles and the scope mappings of the client
 *       and of its effective scopes.</li>
 *   <li>Mappers run in priority order (the audience-resolve mapper after the others, as in
 *       Keycloak): {@code oidc-audience-mapper} adds {@code included.client.audience} when that
 *       client exists and is enabled, else {@code included.custom.audience};
 *       {@code oidc-audience-resolve-mapper} adds every other client the token holds a role of.</li>
 *   <li>The requesting client is {@code azp}. With nothing resolved there is no {@code aud}.</li>
 * </ol>
 *
 * <p>Stateless and thread-safe.
 */
public final class Claims {

    public static final Set<String> SUPPORTED_MAPPERS = Set.of(
            "oidc-audience-mapper",
            "oidc-audience-resolve-mapper",
            "oidc-sub-mapper",
            "oidc-usermodel-attribute-mapper",
            "oidc-usermodel-property-mapper",
            "oidc-full-name-mapper",
            "oidc-usermodel-realm-role-mapper",
            "oidc-usermodel-client-role-mapper",
            "oidc-usersessionmodel-note-mapper",
            "oidc-acr-mapper",
            "oidc-allowed-origins-mapper",
            "oidc-hardcoded-claim-mapper",
            "oidc-group-membership-mapper");

    private static final String AUDIENCE = "oidc-audience-mapper";
    private static final String AUDIENCE_RESOLVE = "oidc-audience-resolve-mapper";

    private Claims() {
    }

    /** A mapper and where it is configured, for explanations. */
    public record SourcedMapper(Mapper mapper, String source) {
        int priority() {
            return AUDIENCE_RESOLVE.equals(mapper.type()) ? 10 : 0;
        }

        String describe() {
            return mapper.type() + " '" + mapper.name() + "' of " + source;
        }
    }

    /** What one (client, user, scope) request resolves to, before any token is written. */
    public record Evaluation(
            RealmModel realm,
            Client client,
            User user,
            boolean openid,
            List<Scope> scopes,
            List<String> notes,
            Set<RoleId> roles,
            String scope,
            Map<String, List<String>> audience,
            Map<String, List<String>> idTokenAudience,
            List<SourcedMapper> mappers) {

        /** Keeps only the audiences asked for (token exchange); the {@code audience} parameter never adds one. */
        public Evaluation restrictAudience(List<String> requested) {
            Map<String, List<String>> kept = new LinkedHashMap<>();
            audience.forEach((aud, why) -> {
                if (requested.contains(aud)) {
                    kept.put(aud, why);
                }
            });
            return new Evaluation(realm, client, user, openid, scopes, notes, roles, scope, kept, idTokenAudience, mappers);
        }

        /** The same evaluation with another access-token audience (RFC 8707 resources). */
        public Evaluation withAudience(Map<String, List<String>> newAudience) {
            return new Evaluation(realm, client, user, openid, scopes, notes, roles, scope, newAudience, idTokenAudience, mappers);
        }

        public boolean isServiceAccount() {
            return client.clientId().equals(user.serviceAccountClientId());
        }
    }

    /** Per-token facts that do not come from the realm model. */
    public record Issue(String issuer, Instant now, long lifetimeSeconds, String jti, String sessionId,
            Instant authTime, String nonce, String remoteAddress) {
    }

    public static List<String> parseScope(String scopeParam) {
        if (scopeParam == null || scopeParam.isBlank()) {
            return List.of();
        }
        return Arrays.stream(scopeParam.trim().split("\\s+")).distinct().toList();
    }

    public static Evaluation evaluate(RealmModel realm, Client client, User user, String scopeParam) {
        List<String> requested = parseScope(scopeParam);
        boolean openid = requested.contains("openid");
        for (String name : requested) {
            if (!name.equals("openid") && !client.defaultScopes().contains(name) && !client.optionalScopes().contains(name)) {
                throw OAuthException.invalidScope("Invalid scopes: " + abbreviate(scopeParam));
            }
        }
        Set<RoleId> userRoles = realm.expand(realm.roleMappings(user));
        List<String> notes = new ArrayList<>();
        realm.rolesByGroup(user).forEach((path, granted) -> notes.add("group " + path + " grants "
                + granted.stream().map(RoleId::toString).sorted().collect(Collectors.joining(", "))
                + (user.groups().contains(path) ? "" : " (inherited by its subgroup)")));
        List<Scope> scopes = new ArrayList<>();
        List<String> candidates = new ArrayList<>(client.defaultScopes());
        client.optionalScopes().stream().filter(requested::contains).forEach(candidates::add);
        for (String name : candidates) {
            Scope scope = realm.scopes().get(name);
            Set<RoleId> mapped = realm.scopeScopeMappings().getOrDefault(name, Set.of());
            if (!mapped.isEmpty() && Collections.disjoint(realm.expand(mapped), userRoles)) {
                notes.add("client scope " + name + " skipped: the user holds none of its scope-mapped roles");
                continue;
            }
            scopes.add(scope);
        }

        Set<RoleId> roles;
        if (client.fullScopeAllowed()) {
            roles = userRoles;
        } else {
            Set<RoleId> allowed = new LinkedHashSet<>();
            realm.roles().keySet().stream().filter(r -> client.clientId().equals(r.clientId())).forEach(allowed::add);
            allowed.addAll(realm.clientScopeMappings().getOrDefault(client.clientId(), Set.of()));
            for (Scope s : scopes) {
                allowed.addAll(realm.scopeScopeMappings().getOrDefault(s.name(), Set.of()));
            }
            Set<RoleId> expanded = realm.expand(allowed);
            roles = new LinkedHashSet<>(userRoles);
            roles.retainAll(expanded);
            notes.add("fullScopeAllowed is false: roles limited to the scope mappings of the client and its scopes");
        }

        List<SourcedMapper> mappers = new ArrayList<>();
        for (Scope s : scopes) {
            s.mappers().forEach(m -> mappers.add(new SourcedMapper(m, "client scope " + s.name())));
        }
        client.mappers().forEach(m -> mappers.add(new SourcedMapper(m, "client " + client.clientId())));
        mappers.sort(Comparator.comparingInt(SourcedMapper::priority)); // stable, like Keycloak's sort

        Map<String, List<String>> audience = new LinkedHashMap<>();
        Map<String, List<String>> idAudience = new LinkedHashMap<>();
        idAudience.put(client.clientId(), new ArrayList<>(List.of(
                "the ID token's aud is the client it was issued to (OpenID Connect Core 1.0, section 2)")));
        for (SourcedMapper sm : mappers) {
            Mapper m = sm.mapper();
            if (AUDIENCE.equals(m.type())) {
                Optional<String> value = audienceMapperValue(realm, m);
                if (value.isEmpty()) {
                    notes.add(sm.describe() + " adds nothing: " + whyNoAudience(realm, m));
                    continue;
                }
                String why = sm.describe() + (m.get("included.client.audience") != null && !m.get("included.client.audience").isEmpty()
                        ? " (included.client.audience)" : " (included.custom.audience)");
                if (m.inAccessToken()) {
                    audience.computeIfAbsent(value.get(), k -> new ArrayList<>()).add(why);
                }
                if (m.inIdToken()) {
                    idAudience.computeIfAbsent(value.get(), k -> new ArrayList<>()).add(why);
                }
            } else if (AUDIENCE_RESOLVE.equals(m.type()) && m.inAccessToken()) {
                for (String clientId : realm.clients().keySet()) {
                    if (clientId.equals(client.clientId())) {
                        continue;
                    }
                    List<String> held = roles.stream().filter(r -> clientId.equals(r.clientId()))
                            .map(RoleId::toString).sorted().toList();
                    if (!held.isEmpty()) {
                        audience.computeIfAbsent(clientId, k -> new ArrayList<>())
                                .add(sm.describe() + ": the token holds client role(s) " + String.join(", ", held));
                    }
                }
            }
        }

        String scopeString = scopes.stream().filter(Scope::includeInTokenScope).map(Scope::name)
                .collect(Collectors.joining(" "));
        if (openid) {
            scopeString = scopeString.isEmpty() ? "openid" : "openid " + scopeString;
        }
        return new Evaluation(realm, client, user, openid, List.copyOf(scopes), List.copyOf(notes),
                Collections.unmodifiableSet(roles), scopeString, audience, idAudience, List.copyOf(mappers));
    }

    private static Optional<String> audienceMapperValue(RealmModel realm, Mapper m) {
        String clientAudience = m.get("included.client.audience");
        if (clientAudience != null && !clientAudience.isEmpty()) {
            return realm.client(clientAudience).filter(Client::enabled).map(Client::clientId);
        }
        String custom = m.get("included.custom.audience");
        return custom == null || custom.isEmpty() ? Optional.empty() : Optional.of(custom);
    }

    private static String whyNoAudience(RealmModel realm, Mapper m) {
        String clientAudience = m.get("included.client.audience");
        if (clientAudience != null && !clientAudience.isEmpty()) {
            return realm.client(clientAudience).isEmpty()
                    ? "included.client.audience names no client of this realm"
                    : "included.client.audience names a disabled client";
        }
        return "neither included.client.audience nor included.custom.audience is set";
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    // ---- writing claims

    public static Map<String, Object> accessToken(Evaluation e, Issue t) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("exp", t.now().getEpochSecond() + t.lifetimeSeconds());
        c.put("iat", t.now().getEpochSecond());
        c.put("jti", t.jti());
        c.put("iss", t.issuer());
        if (!e.audience().isEmpty()) {
            c.put("aud", audienceValue(e.audience().keySet()));
        }
        c.put("typ", "Bearer");
        c.put("azp", e.client().clientId());
        if (t.nonce() != null) {
            c.put("nonce", t.nonce());
        }
        if (t.sessionId() != null) {
            c.put("sid", t.sessionId());
        }
        for (SourcedMapper sm : e.mappers()) {
            if (sm.mapper().inAccessToken()) {
                apply(c, sm.mapper(), e, t);
            }
        }
        c.put("scope", e.scope());
        return c;
    }

    public static Map<String, Object> idToken(Evaluation e, Issue t, String accessTokenHash) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("exp", t.now().getEpochSecond() + t.lifetimeSeconds());
        c.put("iat", t.now().getEpochSecond());
        if (t.authTime() != null) {
            c.put("auth_time", t.authTime().getEpochSecond());
        }
        c.put("jti", t.jti());
        c.put("iss", t.issuer());
        c.put("aud", audienceValue(e.idTokenAudience().keySet()));
        c.put("sub", e.user().id());
        c.put("typ", "ID");
        c.put("azp", e.client().clientId());
        if (t.nonce() != null) {
            c.put("nonce", t.nonce());
        }
        if (t.sessionId() != null) {
            c.put("sid", t.sessionId());
        }
        if (accessTokenHash != null) {
            c.put("at_hash", accessTokenHash);
        }
        for (SourcedMapper sm : e.mappers()) {
            if (sm.mapper().inIdToken()) {
                apply(c, sm.mapper(), e, t);
            }
        }
        return c;
    }

    public static Map<String, Object> userInfo(Evaluation e, Issue t) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sub", e.user().id());
        for (SourcedMapper sm : e.mappers()) {
            if (sm.mapper().inUserInfo()) {
                apply(c, sm.mapper(), e, t);
            }
        }
        return c;
    }

    /** One audience is a string, several an array, as Keycloak writes them. */
    public static Object audienceValue(Set<String> audience) {
        return audience.size() == 1 ? audience.iterator().next() : List.copyOf(audience);
    }

    private static void apply(Map<String, Object> claims, Mapper m, Evaluation e, Issue t) {
        User user = e.user();
        switch (m.type()) {
            case "oidc-sub-mapper" -> claims.put("sub", user.id());
            case "oidc-usermodel-attribute-mapper", "oidc-usermodel-property-mapper" -> {
                Object value = userValue(user, m.get("user.attribute"), "true".equals(m.get("multivalued")));
                if (value != null) {
                    put(claims, m.get("claim.name"), typed(value, m.get("jsonType.label")));
                }
            }
            case "oidc-full-name-mapper" -> {
                String name = ((user.firstName() == null ? "" : user.firstName()) + " "
                        + (user.lastName() == null ? "" : user.lastName())).trim();
                if (!name.isEmpty()) {
                    claims.put("name", name);
                }
            }
            case "oidc-usermodel-realm-role-mapper" -> {
                List<String> names = new ArrayList<>(new TreeSet<>(e.roles().stream()
                        .filter(r -> !r.isClientRole()).map(RoleId::name).toList()));
                if (!names.isEmpty()) {
                    put(claims, orDefault(m.get("claim.name"), "realm_access.roles"), names);
                }
            }
            case "oidc-usermodel-client-role-mapper" -> {
                String only = m.get("usermodel.clientRoleMapping.clientId");
                String template = orDefault(m.get("claim.name"), "resource_access.${client_id}.roles");
                Map<String, TreeSet<String>> byClient = new LinkedHashMap<>();
                for (String clientId : e.realm().clients().keySet()) {
                    for (RoleId r : e.roles()) {
                        if (clientId.equals(r.clientId()) && (only == null || only.isEmpty() || only.equals(clientId))) {
                            byClient.computeIfAbsent(clientId, k -> new TreeSet<>()).add(r.name());
                        }
                    }
                }
                byClient.forEach((clientId, names) -> put(claims, template, clientId, new ArrayList<>(names)));
            }
            case "oidc-usersessionmodel-note-mapper" -> {
                Object value = sessionNote(m.get("user.session.note"), e, t);
                if (value != null) {
                    put(claims, m.get("claim.name"), typed(value, m.get("jsonType.label")));
                }
            }
            case "oidc-acr-mapper" -> claims.put("acr", "1");
            case "oidc-allowed-origins-mapper" -> {
                List<String> origins = allowedOrigins(e.client());
                if (!origins.isEmpty()) {
                    claims.put("allowed-origins", origins);
                }
            }
            case "oidc-group-membership-mapper" -> {
                // Keycloak lists direct memberships only; full.path defaults to true.
                boolean fullPath = !"false".equals(m.get("full.path"));
                List<String> groups = user.groups().stream()
                        .map(p -> fullPath ? p : p.substring(p.lastIndexOf('/') + 1)).toList();
                if (!groups.isEmpty()) {
                    put(claims, orDefault(m.get("claim.name"), "groups"), groups);
                }
            }
            case "oidc-hardcoded-claim-mapper" -> {
                if (m.get("claim.value") != null) {
                    put(claims, m.get("claim.name"), typed(m.get("claim.value"), m.get("jsonType.label")));
                }
            }
            default -> {
                // audience mappers are handled by evaluate(); unsupported ones were reported at start-up
            }
        }
    }

    private static Object sessionNote(String note, Evaluation e, Issue t) {
        if ("AUTH_TIME".equals(note)) {
            return t.authTime() == null ? null : Long.toString(t.authTime().getEpochSecond());
        }
        if (!e.isServiceAccount()) {
            return null;
        }
        return switch (note == null ? "" : note) {
            case "client_id" -> e.client().clientId();
            case "clientHost", "clientAddress" -> t.remoteAddress();
            default -> null;
        };
    }

    private static Object userValue(User user, String attribute, boolean multivalued) {
        if (attribute == null) {
            return null;
        }
        Object single = switch (attribute) {
            case "username" -> user.username();
            case "email" -> user.email();
            case "firstName" -> user.firstName();
            case "lastName" -> user.lastName();
            case "emailVerified" -> user.emailVerified();
            default -> null;
        };
        if (single != null) {
            return multivalued ? List.of(single) : single;
        }
        List<String> values = user.attributes().get(attribute);
        if (values == null || values.isEmpty()) {
            return null;
        }
        return multivalued ? values : values.get(0);
    }

    private static Object typed(Object value, String jsonType) {
        if (value instanceof List<?> list) {
            return list.stream().map(v -> typed(v, jsonType)).filter(v -> v != null).toList();
        }
        String s = value.toString();
        try {
            return switch (jsonType == null ? "String" : jsonType) {
                case "boolean" -> Boolean.valueOf(s);
                case "long" -> Long.valueOf(s);
                case "int" -> Integer.valueOf(s);
                case "JSON" -> Json.parseObject(s).<Object>map(o -> o).orElse(s);
                default -> value instanceof Boolean ? value : s;
            };
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    private static List<String> allowedOrigins(Client client) {
        Set<String> out = new LinkedHashSet<>();
        for (String origin : client.webOrigins()) {
            if ("+".equals(origin)) {
                for (String redirect : client.redirectUris()) {
                    originOf(redirect.endsWith("*") ? redirect.substring(0, redirect.length() - 1) : redirect)
                            .ifPresent(out::add);
                }
            } else {
                out.add(origin);
            }
        }
        return List.copyOf(out);
    }

    private static Optional<String> originOf(String uri) {
        try {
            URI u = URI.create(uri);
            if (u.getScheme() == null || u.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort()));
        } catch (IllegalArgumentException ex) {
            return Optional.empty();
        }
    }

    private static String orDefault(String v, String fallback) {
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static void put(Map<String, Object> claims, String claimName, Object value) {
        put(claims, claimName, null, value);
    }

    /** Keycloak's dotted claim names make nested objects; {@code ${client_id}} fills one segment. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> claims, String claimName, String clientId, Object value) {
        if (claimName == null || claimName.isEmpty()) {
            return;
        }
        String[] segments = claimName.split("\\.");
        Map<String, Object> node = claims;
        for (int i = 0; i < segments.length; i++) {
            String key = segments[i].replace("${client_id}", clientId == null ? "" : clientId);
            if (i == segments.length - 1) {
                node.put(key, value);
            } else {
                Object next = node.get(key);
                if (!(next instanceof Map<?, ?>)) {
                    next = new LinkedHashMap<String, Object>();
                    node.put(key, next);
                }
                node = (Map<String, Object>) next;
            }
        }
    }
}
