package dev.audguard.issuer.internal;

import com.nimbusds.jose.jwk.JWKSet;
import dev.audguard.issuer.internal.RealmModel.Client;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code clients}: flags, secrets, redirect URIs, scopes (the realm's defaults for a client that
 * names none, plus {@code service_account} for a client with service accounts), mappers, attributes
 * and the client authenticator; then the {@code account} client Keycloak creates with every realm.
 *
 * <p>Not thread-safe; one per import.
 */
final class ClientImporter {

    private final ImportState state;
    private final ScopeImporter scopes;

    ClientImporter(ImportState state, ScopeImporter scopes) {
        this.state = state;
        this.scopes = scopes;
    }

    void read(Node root, List<String> realmDefaults, List<String> realmOptionals) {
        for (Node c : root.get("clients").items()) {
            c.requireObject();
            Node idNode = c.get("clientId");
            String clientId = idNode.requiredString();
            if (state.knownClient(clientId)) {
                throw idNode.fail("duplicate client '" + clientId + "'");
            }
            if (!ImportState.OIDC.equals(c.get("protocol").string(ImportState.OIDC))) {
                state.foreignClients.add(clientId);
                continue;
            }
            boolean serviceAccounts = c.get("serviceAccountsEnabled").bool(false);
            List<String> defaults;
            if (c.has("defaultClientScopes")) {
                defaults = scopes.names(c, "defaultClientScopes", List.of());
            } else {
                defaults = new ArrayList<>(realmDefaults);
                if (serviceAccounts && state.scopes.containsKey("service_account")) {
                    defaults.add("service_account");
                }
            }
            List<String> optionals = c.has("optionalClientScopes")
                    ? scopes.names(c, "optionalClientScopes", List.of())
                    : realmOptionals;
            Map<String, String> attributes = c.get("attributes").stringMap();
            checkLifespan(attributes, c.get("attributes"));
            for (String key : List.of("access.token.signed.response.alg", "id.token.signed.response.alg")) {
                String alg = attributes.get(key);
                if (alg != null && !alg.isBlank() && !RealmSettings.SIGNATURE_ALGORITHMS.contains(alg)) {
                    throw c.get("attributes").get(key).fail("the reference issuer signs with "
                            + String.join(", ", RealmSettings.SIGNATURE_ALGORITHMS));
                }
            }
            String authenticator = c.get("clientAuthenticatorType").string("client-secret");
            if (!authenticator.equals("client-secret") && !authenticator.equals("client-jwt")) {
                state.ignored.add("clientAuthenticatorType " + authenticator + " (client " + clientId + " cannot authenticate)");
            }
            if (authenticator.equals("client-jwt")) {
                checkJwks(attributes, c.get("attributes"));
            }
            state.clients.put(clientId, new Client(
                    clientId,
                    c.get("enabled").bool(true),
                    c.get("secret").string(null),
                    c.get("publicClient").bool(false),
                    c.get("bearerOnly").bool(false),
                    c.get("standardFlowEnabled").bool(true),
                    c.get("directAccessGrantsEnabled").bool(false),
                    serviceAccounts,
                    c.get("fullScopeAllowed").bool(true),
                    c.get("redirectUris").strings(),
                    c.get("webOrigins").strings(),
                    defaults,
                    optionals,
                    scopes.mappers(c),
                    attributes,
                    authenticator));
        }
    }

    private static void checkLifespan(Map<String, String> attributes, Node at) {
        String lifespan = attributes.get("access.token.lifespan");
        if (lifespan == null || lifespan.isBlank()) {
            return;
        }
        try {
            if (Integer.parseInt(lifespan.trim()) > 0) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw at.get("access.token.lifespan").fail("expected a positive number of seconds");
    }

    private void checkJwks(Map<String, String> attributes, Node at) {
        if ("true".equals(attributes.get("use.jwks.string"))) {
            String jwks = attributes.get("jwks.string");
            try {
                if (jwks == null) {
                    throw new ParseException("missing", 0);
                }
                JWKSet.parse(jwks);
            } catch (ParseException e) {
                throw at.get("jwks.string").fail("expected a JWK set (JSON text)");
            }
        } else if ("true".equals(attributes.get("use.jwks.url"))) {
            String url = attributes.get("jwks.url");
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw at.get("jwks.url").fail("expected an http(s) URL");
            }
        } else {
            state.ignored.add("client-jwt without use.jwks.url or use.jwks.string (certificate attributes are not supported)");
        }
    }

    /** Keycloak creates {@code account} with every realm; its roles are what default roles hand out. */
    void addAccountClient(List<String> realmDefaults, List<String> realmOptionals) {
        if (state.knownClient("account")) {
            return;
        }
        state.clients.put("account", new Client("account", true, null, true, false, false, false, false,
                true, List.of(), List.of(), realmDefaults, realmOptionals, List.of(), Map.of(), "client-secret"));
    }
}
