package dev.audguard.issuer.internal;

import dev.audguard.issuer.RealmFormatException;
import dev.audguard.issuer.internal.RealmModel.Client;
import dev.audguard.issuer.internal.RealmModel.RoleId;
import dev.audguard.issuer.internal.RealmModel.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The test HTTP API's runtime changes, under {@code {issuer}/testing/}, beside the other testing
 * endpoints and, like them, unauthenticated (this is a test server) and left out of the request log.
 * Bodies are the entries of a Keycloak realm export ({@code users[]}, {@code clients[]},
 * {@code roles.realm[]}, {@code groups[]}, {@code protocolMappers[]}) as JSON.
 *
 * <ul>
 *   <li>{@code GET realm}: clients, users, groups and roles as the realm now is (no secrets, no passwords)</li>
 *   <li>{@code POST users} (body: a user; {@code ?default_roles=false} as an import would), {@code DELETE users/{username}}</li>
 *   <li>{@code PUT}/{@code DELETE users/{username}/role-mappings/realm/{role}},
 *       {@code PUT}/{@code DELETE users/{username}/role-mappings/clients/{clientId}/{role}}</li>
 *   <li>{@code PUT}/{@code DELETE users/{username}/groups/{path}} (e.g. {@code groups/engineering/backend}); {@code POST groups} (body: a group)</li>
 *   <li>{@code POST clients} (body: a client), {@code DELETE clients/{clientId}}</li>
 *   <li>{@code POST roles} (body: a realm role), {@code DELETE roles/{role}},
 *       {@code POST clients/{clientId}/roles}, {@code DELETE clients/{clientId}/roles/{role}}</li>
 *   <li>{@code POST clients/{clientId}/protocol-mappers} (body: a mapper), {@code DELETE clients/{clientId}/protocol-mappers/{name}}</li>
 * </ul>
 *
 * <p>A change answers 200 (201 when it added something) with {@code GET realm}'s document; one that
 * cannot apply answers 404 (no such user, client, role, group or mapper), 409 (it exists already) or
 * 400 (the realm would not be valid), with fixed wording, and changes nothing.
 *
 * <p>Stateless; thread-safe.
 */
final class TestingChanges {

    private static final Logger LOG = LoggerFactory.getLogger(TestingChanges.class);

    private TestingChanges() {
    }

    /** True when {@code path} (below {@code testing/}) is one of these endpoints. */
    static boolean handles(String path) {
        return path.equals("realm") || path.equals("users") || path.startsWith("users/") || path.equals("clients")
                || path.startsWith("clients/") || path.equals("roles") || path.startsWith("roles/") || path.equals("groups");
    }

    static void handle(RealmRuntime rt, Request req, String path) {
        String method = req.method();
        List<String> seg = List.of(path.split("/", -1));
        if (seg.stream().anyMatch(String::isEmpty)) {
            throw new OAuthException(404, "not_found", "No such testing endpoint");
        }
        switch (seg.get(0)) {
            case "realm" -> {
                IssuerServer.only(req, "GET");
                req.json(200, summary(rt.model(), rt.issuer()));
            }
            case "users" -> users(rt, req, method, seg);
            case "clients" -> clients(rt, req, method, seg);
            case "roles" -> {
                if (seg.size() == 1) {
                    IssuerServer.only(req, "POST");
                    Map<String, Object> role = body(req);
                    change(rt, req, 201, d -> d.addRole(null, role));
                } else if (seg.size() == 2) {
                    only(req, "DELETE");
                    change(rt, req, 200, d -> d.removeRole(null, seg.get(1)));
                } else {
                    notFound();
                }
            }
            case "groups" -> {
                IssuerServer.only(req, "POST");
                Map<String, Object> group = body(req);
                change(rt, req, 201, d -> d.addGroup(group));
            }
            default -> notFound();
        }
    }

    private static void users(RealmRuntime rt, Request req, String method, List<String> seg) {
        if (seg.size() == 1) {
            IssuerServer.only(req, "POST");
            Map<String, Object> user = body(req);
            boolean defaultRoles = !"false".equals(req.query("default_roles"));
            change(rt, req, 201, d -> d.addUser(user, defaultRoles));
            return;
        }
        String username = seg.get(1);
        if (seg.size() == 2) {
            only(req, "DELETE");
            change(rt, req, 200, d -> d.removeUser(username));
        } else if (seg.get(2).equals("role-mappings") && seg.size() == 5 && seg.get(3).equals("realm")) {
            grant(rt, req, method, username, null, seg.get(4));
        } else if (seg.get(2).equals("role-mappings") && seg.size() == 6 && seg.get(3).equals("clients")) {
            grant(rt, req, method, username, seg.get(4), seg.get(5));
        } else if (seg.get(2).equals("groups") && seg.size() > 3) {
            String groupPath = "/" + String.join("/", seg.subList(3, seg.size()));
            if ("PUT".equals(method)) {
                change(rt, req, 200, d -> d.joinGroup(username, groupPath));
            } else {
                only(req, "DELETE", "PUT");
                change(rt, req, 200, d -> d.leaveGroup(username, groupPath));
            }
        } else {
            notFound();
        }
    }

    private static void grant(RealmRuntime rt, Request req, String method, String username, String clientId, String role) {
        if ("PUT".equals(method)) {
            change(rt, req, 200, d -> d.grantRoles(username, clientId, List.of(role)));
        } else {
            only(req, "DELETE", "PUT");
            change(rt, req, 200, d -> d.revokeRoles(username, clientId, List.of(role)));
        }
    }

    private static void clients(RealmRuntime rt, Request req, String method, List<String> seg) {
        if (seg.size() == 1) {
            IssuerServer.only(req, "POST");
            Map<String, Object> client = body(req);
            change(rt, req, 201, d -> d.addClient(client));
            return;
        }
        String clientId = seg.get(1);
        if (seg.size() == 2) {
            only(req, "DELETE");
            change(rt, req, 200, d -> d.removeClient(clientId));
        } else if (seg.get(2).equals("roles") && seg.size() == 3) {
            IssuerServer.only(req, "POST");
            Map<String, Object> role = body(req);
            change(rt, req, 201, d -> d.addRole(clientId, role));
        } else if (seg.get(2).equals("roles") && seg.size() == 4) {
            only(req, "DELETE");
            change(rt, req, 200, d -> d.removeRole(clientId, seg.get(3)));
        } else if (seg.get(2).equals("protocol-mappers") && seg.size() == 3) {
            IssuerServer.only(req, "POST");
            Map<String, Object> mapper = body(req);
            change(rt, req, 201, d -> d.addProtocolMapper(clientId, mapper));
        } else if (seg.get(2).equals("protocol-mappers") && seg.size() == 4) {
            only(req, "DELETE");
            change(rt, req, 200, d -> d.removeProtocolMapper(clientId, seg.get(3)));
        } else {
            notFound();
        }
    }

    private static void change(RealmRuntime rt, Request req, int status, Consumer<RealmDocument> edit) {
        RealmModel after;
        try {
            after = rt.change(edit);
        } catch (RealmDocument.ChangeRejected e) {
            throw new OAuthException(statusOf(e), "invalid_request", e.publicMessage());
        } catch (RealmFormatException e) {
            // The detail names the realm's own entries (never a secret: the parser quotes no values);
            // the answer keeps to fixed wording, as every answer of the issuer does.
            LOG.info("realm {}: change refused: {}", rt.model().name(), e.getMessage());
            throw OAuthException.invalidRequest("The realm would not be valid after this change (the issuer's log says why)");
        }
        req.json(status, summary(after, rt.issuer()));
    }

    private static int statusOf(RealmDocument.ChangeRejected e) {
        String m = e.publicMessage();
        if (m.startsWith("No such") || m.contains("not a member") || m.contains("holds no such")) {
            return 404;
        }
        return m.contains("exists already") || m.contains("already") ? 409 : 400;
    }

    private static Map<String, Object> body(Request req) {
        return Json.parseObject(req.body())
                .orElseThrow(() -> OAuthException.invalidRequest("Expected a JSON object as the body"));
    }

    private static void only(Request req, String... methods) {
        if (!List.of(methods).contains(req.method())) {
            throw new OAuthException(405, "invalid_request", "Method not allowed", Map.of("Allow", String.join(", ", methods)));
        }
    }

    private static void notFound() {
        throw new OAuthException(404, "not_found", "No such testing endpoint");
    }

    /** The realm as the console and tests see it: names, flags, roles, mappers; never a secret or password. */
    static Map<String, Object> summary(RealmModel model, String issuer) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("realm", model.name());
        out.put("enabled", model.enabled());
        out.put("issuer", issuer);
        out.put("access_token_lifespan", model.accessTokenLifespan());
        out.put("default_signature_algorithm", model.settings().defaultSignatureAlgorithm());
        List<Object> clients = new ArrayList<>();
        for (Client c : model.clients().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("client_id", c.clientId());
            m.put("enabled", c.enabled());
            m.put("type", c.bearerOnly() ? "bearer-only" : c.publicClient() ? "public" : "confidential");
            m.put("authenticator", c.usesSignedJwt() ? "private_key_jwt" : c.publicClient() ? "none" : "client_secret");
            List<String> flows = new ArrayList<>();
            if (c.standardFlowEnabled()) {
                flows.add("authorization_code");
            }
            if (c.directAccessGrantsEnabled()) {
                flows.add("password");
            }
            if (c.serviceAccountsEnabled()) {
                flows.add("client_credentials");
            }
            if (c.standardTokenExchangeEnabled()) {
                flows.add("token_exchange");
            }
            m.put("flows", flows);
            m.put("full_scope_allowed", c.fullScopeAllowed());
            m.put("default_scopes", c.defaultScopes());
            m.put("optional_scopes", c.optionalScopes());
            m.put("redirect_uris", c.redirectUris());
            List<Object> mappers = new ArrayList<>();
            c.mappers().forEach(mp -> mappers.add(Map.of("name", mp.name(), "type", mp.type())));
            m.put("mappers", mappers);
            m.put("roles", model.roles().keySet().stream().filter(r -> c.clientId().equals(r.clientId())).map(RoleId::name).toList());
            clients.add(m);
        }
        out.put("clients", clients);
        List<Object> users = new ArrayList<>();
        for (User u : model.users().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("username", u.username());
            m.put("id", u.id());
            m.put("enabled", u.enabled());
            if (u.email() != null) {
                m.put("email", u.email());
            }
            if (u.serviceAccountClientId() != null) {
                m.put("service_account_of", u.serviceAccountClientId());
            }
            m.put("realm_roles", u.roles().stream().filter(r -> !r.isClientRole()).map(RoleId::name).toList());
            Map<String, List<String>> clientRoles = new TreeMap<>();
            u.roles().stream().filter(RoleId::isClientRole)
                    .forEach(r -> clientRoles.computeIfAbsent(r.clientId(), k -> new ArrayList<>()).add(r.name()));
            m.put("client_roles", clientRoles);
            m.put("groups", u.groups());
            users.add(m);
        }
        out.put("users", users);
        List<Object> groups = new ArrayList<>();
        model.groups().values().forEach(g -> groups.add(Map.of("path", g.path(),
                "roles", g.roles().stream().map(RoleId::toString).toList())));
        out.put("groups", groups);
        out.put("realm_roles", model.roles().keySet().stream().filter(r -> !r.isClientRole()).map(RoleId::name).toList());
        out.put("notices", model.notices());
        out.put("ignored", model.ignoredMapperTypes());
        return out;
    }
}
