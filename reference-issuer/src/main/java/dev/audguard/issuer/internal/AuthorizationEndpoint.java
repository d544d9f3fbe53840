package dev.audguard.issuer.internal;

import dev.audguard.issuer.internal.RealmModel.Client;
import dev.audguard.issuer.internal.RealmModel.User;
import dev.audguard.issuer.internal.RealmRuntime.CodeGrant;
import dev.audguard.issuer.internal.RealmRuntime.Session;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /protocol/openid-connect/auth}: the authorization-code flow with a plain HTML login form,
 * {@code state}, {@code nonce}, PKCE S256 and exact {@code redirect_uri} matching (a registered URI
 * ending in {@code *} matches by prefix, as Keycloak's wildcards do).
 *
 * <p>Stateless between requests apart from the codes and sessions in the {@link RealmRuntime}; thread-safe.
 */
public final class AuthorizationEndpoint {

    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final List<String> CARRIED = List.of("client_id", "redirect_uri", "response_type", "response_mode",
            "scope", "state", "nonce", "code_challenge", "code_challenge_method", "resource");

    public void handle(RealmRuntime rt, Request req) {
        boolean login = "POST".equals(req.method());
        Map<String, String> p = new LinkedHashMap<>();
        for (String name : CARRIED) {
            String v = login ? req.form(name) : req.query(name);
            if (v != null) {
                p.put(name, v);
            }
        }
        Client client = rt.model().client(p.get("client_id")).filter(Client::enabled).orElse(null);
        if (client == null) {
            req.html(400, page("Error", "<p class=\"error\">Client not found.</p>"));
            return;
        }
        String redirectUri = p.get("redirect_uri");
        if (redirectUri == null || redirectUri.contains("#") || !redirectAllowed(client.redirectUris(), redirectUri)) {
            // Never send anyone to an unregistered address, not even with an error.
            req.html(400, page("Error", "<p class=\"error\">Invalid parameter: redirect_uri</p>"));
            return;
        }
        String state = p.get("state");
        if (!client.standardFlowEnabled()) {
            redirectError(rt, req, redirectUri, state, "unauthorized_client",
                    "Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.");
            return;
        }
        if (!"code".equals(p.get("response_type"))) {
            redirectError(rt, req, redirectUri, state, "unsupported_response_type", "Client is not allowed to initiate browser login with given response_type.");
            return;
        }
        if (p.get("response_mode") != null && !"query".equals(p.get("response_mode"))) {
            redirectError(rt, req, redirectUri, state, "invalid_request", "Invalid parameter: response_mode");
            return;
        }
        if (!login && (req.query("request") != null || req.query("request_uri") != null)) {
            redirectError(rt, req, redirectUri, state, "request_not_supported", "Request objects are not supported");
            return;
        }
        String challenge = p.get("code_challenge");
        boolean pkceRequired = client.publicClient() || "S256".equals(client.attribute("pkce.code.challenge.method"));
        if (challenge == null && pkceRequired) {
            redirectError(rt, req, redirectUri, state, "invalid_request", "Missing parameter: code_challenge");
            return;
        }
        if (challenge != null && (!"S256".equals(p.get("code_challenge_method")) || !CHALLENGE.matcher(challenge).matches())) {
            redirectError(rt, req, redirectUri, state, "invalid_request", "Invalid parameter: code_challenge_method or code_challenge (only S256 is supported)");
            return;
        }
        try {
            Claims.parseScope(p.get("scope")).forEach(s -> {
                if (!s.equals("openid") && !client.defaultScopes().contains(s) && !client.optionalScopes().contains(s)) {
                    throw OAuthException.invalidScope("Invalid scopes: " + p.get("scope"));
                }
            });
        } catch (OAuthException e) {
            redirectError(rt, req, redirectUri, state, e.error(), e.description());
            return;
        }
        if (!login && "none".equals(req.query("prompt"))) {
            redirectError(rt, req, redirectUri, state, "login_required", "Login required: this issuer keeps no browser sessions");
            return;
        }
        if (!login) {
            req.html(200, loginForm(rt, p, null));
            return;
        }
        User user = TokenEndpoint.checkPassword(rt.model(), req.form("username"), req.form("password")).orElse(null);
        if (user == null) {
            req.html(200, loginForm(rt, p, "Invalid username or password."));
            return;
        }
        if (!user.enabled()) {
            req.html(200, loginForm(rt, p, "Account is disabled, contact your administrator."));
            return;
        }
        Session session = rt.newSession(user.id(), rt.now());
        List<String> resources = p.get("resource") == null ? List.of() : List.of(p.get("resource"));
        String code = rt.storeCode(new CodeGrant(client.clientId(), redirectUri, p.get("scope"), p.get("nonce"), challenge,
                user.id(), session.id(), rt.now().plusSeconds(rt.model().settings().accessCodeLifespan()), resources));
        Map<String, String> answer = new LinkedHashMap<>();
        if (state != null) {
            answer.put("state", state);
        }
        answer.put("session_state", session.id());
        answer.put("iss", rt.issuer());
        answer.put("code", code);
        req.redirect(append(redirectUri, answer));
    }

    /** Keycloak's matching: exact, or by prefix for a registered URI ending in {@code *}. */
    public static boolean redirectAllowed(List<String> registered, String redirectUri) {
        try {
            URI parsed = URI.create(redirectUri);
            if (!parsed.isAbsolute()) {
                return false;
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (String r : registered) {
            if (r.equals("*")) {
                return true;
            }
            if (r.endsWith("*") ? redirectUri.startsWith(r.substring(0, r.length() - 1)) : r.equals(redirectUri)) {
                return true;
            }
        }
        return false;
    }

    private static void redirectError(RealmRuntime rt, Request req, String redirectUri, String state, String error,
            String description) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("error", error);
        answer.put("error_description", description);
        if (state != null) {
            answer.put("state", state);
        }
        answer.put("iss", rt.issuer());
        req.redirect(append(redirectUri, answer));
    }

    private static String append(String uri, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(uri);
        char sep = uri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }

    private static String loginForm(RealmRuntime rt, Map<String, String> params, String error) {
        StringBuilder hidden = new StringBuilder();
        params.forEach((k, v) -> hidden.append("<input type=\"hidden\" name=\"").append(escape(k)).append("\" value=\"")
                .append(escape(v)).append("\">\n"));
        return page("Sign in to " + escape(rt.model().name()),
                (error == null ? "" : "<p class=\"error\" id=\"input-error\">" + escape(error) + "</p>\n")
                + "<form id=\"kc-form-login\" method=\"post\" action=\"" + escape(rt.endpoint("protocol/openid-connect/auth").toString()) + "\">\n"
                + hidden
                + "<label for=\"username\">Username or email</label>\n"
                + "<input id=\"username\" name=\"username\" type=\"text\" autocomplete=\"username\" autofocus>\n"
                + "<label for=\"password\">Password</label>\n"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\">\n"
                + "<button id=\"kc-login\" type=\"submit\">Sign in</button>\n"
                + "</form>\n"
                + "<p class=\"notice\">audguard reference issuer: for tests only, not a production identity provider.</p>\n");
    }

    static String page(String title, String body) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title>\n"
                + "<style>body{font-family:sans-serif;max-width:24em;margin:4em auto}label,input,button{display:block;"
                + "margin:.4em 0;width:100%}.error{color:#a00}.notice{color:#666;font-size:.8em}</style></head>\n<body>\n<h1>"
                + title + "</h1>\n" + body + "</body></html>\n";
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
