package dev.audguard.issuer.internal;

import dev.audguard.issuer.internal.RealmModel.Client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ending things early, as Keycloak 26 does: RFC 7009 revocation ({@code /protocol/openid-connect/revoke})
 * and logout ({@code /protocol/openid-connect/logout}, RP-initiated with {@code id_token_hint} or,
 * for confidential clients, with a refresh token). A revoked refresh token or a logout ends the
 * session, so its refresh tokens stop working and introspection of its tokens answers inactive; a
 * revoked access token is inactive until it would have expired.
 *
 * <p>Thread-safe; all state lives in the {@link RealmRuntime}.
 */
final class SessionEndpoints {

    private final ClientAuth clientAuth;

    SessionEndpoints(ClientAuth clientAuth) {
        this.clientAuth = clientAuth;
    }

    /** RFC 7009 section 2: 200 for a revoked, unknown or invalid token alike. */
    void revoke(RealmRuntime rt, Request req) {
        Client client = clientAuth.authenticate(rt, req);
        String token = req.form("token");
        if (token == null) {
            throw OAuthException.invalidRequest("Token not provided");
        }
        String hint = req.form("token_type_hint");
        if (hint != null && !hint.equals("access_token") && !hint.equals("refresh_token")) {
            throw new OAuthException(400, "unsupported_token_type", "Unsupported token type");
        }
        Optional<Map<String, Object>> refresh = rt.verifyRefresh(token);
        Optional<Map<String, Object>> access = refresh.isPresent() ? Optional.empty() : rt.verify(token, "Bearer");
        Optional<Map<String, Object>> claims = refresh.or(() -> access);
        if (claims.isPresent()) {
            if (!client.clientId().equals(claims.get().get("azp"))) {
                throw OAuthException.invalidRequest("Unmatching clients");
            }
            if (refresh.isPresent()) {
                rt.revokeSession((String) claims.get().get("sid"));
            } else {
                rt.revokeAccessToken(String.valueOf(claims.get().get("jti")), ((Number) claims.get().get("exp")).longValue());
            }
        }
        req.send(200, null, new byte[0], Map.of("Cache-Control", "no-store"));
    }

    void logout(RealmRuntime rt, Request req) {
        if ("POST".equals(req.method()) && req.form("refresh_token") != null) {
            logoutWithRefreshToken(rt, req);
            return;
        }
        String hint = param(req, "id_token_hint");
        String redirect = param(req, "post_logout_redirect_uri");
        String clientId = param(req, "client_id");
        if (redirect != null && hint == null && clientId == null) {
            throw OAuthException.invalidRequest(
                    "Either the parameter id_token_hint or client_id is required when post_logout_redirect_uri is used.");
        }
        String sessionId = null;
        if (hint != null) {
            // Keycloak takes an expired ID token as a hint: it names the session, it proves nothing.
            Map<String, Object> id = rt.verifyIgnoringExpiry(hint, "ID")
                    .orElseThrow(() -> OAuthException.invalidRequest("Invalid id_token_hint"));
            String azp = String.valueOf(id.get("azp"));
            if (clientId != null && !clientId.equals(azp)) {
                throw OAuthException.invalidRequest("Parameter client_id different than the client of the id_token_hint");
            }
            clientId = azp;
            sessionId = (String) id.get("sid");
        }
        if (redirect != null) {
            Client client = rt.model().client(clientId).filter(Client::enabled)
                    .orElseThrow(() -> OAuthException.invalidRequest("Invalid client_id"));
            if (!AuthorizationEndpoint.redirectAllowed(postLogoutRedirects(client), redirect)) {
                throw OAuthException.invalidRequest("Invalid redirect uri");
            }
        }
        rt.revokeSession(sessionId);
        if (redirect != null) {
            String state = param(req, "state");
            req.redirect(redirect + (state == null ? "" : (redirect.contains("?") ? "&" : "?") + "state="
                    + URLEncoder.encode(state, StandardCharsets.UTF_8)));
            return;
        }
        req.html(200, AuthorizationEndpoint.page("Logging out", sessionId == null
                ? "<p>No session was named (pass id_token_hint): nothing was ended.</p>"
                : "<p id=\"kc-page-title\">You are logged out</p>"));
    }

    /** Keycloak's adapter logout: a confidential client ends the session of one of its refresh tokens; 204. */
    private void logoutWithRefreshToken(RealmRuntime rt, Request req) {
        Client client = clientAuth.authenticate(rt, req);
        Map<String, Object> claims = rt.verifyRefresh(req.form("refresh_token"))
                .orElseThrow(() -> OAuthException.invalidGrant("Invalid refresh token"));
        if (!client.clientId().equals(claims.get("azp"))) {
            throw OAuthException.invalidGrant("Invalid refresh token. Token client and authorized client don't match");
        }
        rt.revokeSession((String) claims.get("sid"));
        req.send(204, null, new byte[0], Map.of("Cache-Control", "no-store"));
    }

    /** Keycloak's {@code post.logout.redirect.uris}: {@code ##}-separated; {@code +} means the redirect URIs. */
    private static List<String> postLogoutRedirects(Client client) {
        String attribute = client.attribute("post.logout.redirect.uris");
        List<String> out = new ArrayList<>();
        if (attribute == null || attribute.isBlank()) {
            return out;
        }
        for (String uri : Arrays.asList(attribute.split("##"))) {
            if (uri.equals("+")) {
                out.addAll(client.redirectUris());
            } else if (!uri.isBlank()) {
                out.add(uri.trim());
            }
        }
        return out;
    }

    private static String param(Request req, String name) {
        String v = req.query(name);
        return v != null || !"POST".equals(req.method()) ? v : req.form(name);
    }
}
