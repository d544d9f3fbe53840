package dev.audguard.issuer.internal;

import dev.audguard.issuer.internal.Claims.Evaluation;
import dev.audguard.issuer.internal.Claims.Issue;
import dev.audguard.issuer.internal.RealmModel.Client;
import dev.audguard.issuer.internal.RealmModel.RoleId;
import dev.audguard.issuer.internal.RealmModel.Scope;
import dev.audguard.issuer.internal.RealmModel.User;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keycloak's "Evaluate client scopes", offline: the access-token claims a request would produce and,
 * for each audience, which mapper, scope and role put it there.
 *
 * <p>Stateless and thread-safe.
 */
public final class Explain {

    private Explain() {
    }

    /**
     * @param username the user, or null for the client's service account (client credentials)
     */
    public static Map<String, Object> report(RealmRuntime rt, String clientId, String username, String scope) {
        if (clientId == null) {
            throw OAuthException.invalidRequest("Missing parameter: client_id");
        }
        Client client = rt.model().client(clientId)
                .orElseThrow(() -> OAuthException.invalidRequest("Unknown client"));
        User user;
        if (username == null) {
            user = rt.model().serviceAccountOf(clientId)
                    .orElseThrow(() -> OAuthException.invalidRequest("The client has no service account; pass a username"));
        } else {
            user = rt.model().user(username.toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> OAuthException.invalidRequest("Unknown user"));
        }
        Evaluation e = Claims.evaluate(rt.model(), client, user, scope);
        boolean serviceAccount = username == null;
        Map<String, Object> claims = Claims.accessToken(e, new Issue(rt.issuer(), rt.now(),
                TokenEndpoint.lifetime(rt, client), "(random per token)", serviceAccount ? null : "(session id)",
                serviceAccount ? null : rt.now(), null, "127.0.0.1"));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("client_id", client.clientId());
        out.put("username", user.username());
        out.put("grant", serviceAccount ? "client_credentials" : "password or authorization_code");
        out.put("requested_scope", scope == null ? "" : scope);
        out.put("scope", e.scope());
        out.put("effective_client_scopes", e.scopes().stream().map(Scope::name).toList());
        out.put("roles", e.roles().stream().map(RoleId::toString).sorted().toList());
        out.put("groups", user.groups());
        out.put("audience", List.copyOf(e.audience().keySet()));
        Map<String, Object> reasons = new LinkedHashMap<>();
        e.audience().forEach((aud, why) -> reasons.put(aud, List.copyOf(why)));
        out.put("audience_reasons", reasons);
        out.put("id_token_audience", List.copyOf(e.idTokenAudience().keySet()));
        out.put("access_token_claims", claims);
        out.put("notes", e.notes());
        List<String> warnings = new ArrayList<>();
        if (e.audience().isEmpty()) {
            warnings.add("no aud: an access token for " + client.clientId() + " would carry no aud claim at all, so a "
                    + "resource server that checks its audience rejects it; add an audience mapper or a client scope with one");
        }
        if (!claims.containsKey("sub")) {
            warnings.add("no sub: no effective client scope or mapper of " + client.clientId() + " writes sub (since "
                    + "Keycloak 25 the 'basic' client scope does); add 'basic' to the client's default client scopes");
        }
        if (!client.enabled()) {
            warnings.add("the client is disabled: the token endpoint would refuse it");
        }
        if (!user.enabled()) {
            warnings.add("the user is disabled: the token endpoint would refuse it");
        }
        out.put("no_audience", e.audience().isEmpty());
        out.put("no_sub", !claims.containsKey("sub"));
        out.put("warnings", warnings);
        return out;
    }
}
