package dev.audguard.issuer;

import dev.audguard.issuer.internal.Explain;
import dev.audguard.issuer.internal.Json;
import dev.audguard.issuer.internal.RealmRuntime;
import dev.audguard.issuer.internal.TokenEndpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One realm of a running {@link ReferenceIssuer}: its URLs, tokens through the real grants (over
 * HTTP, so the same code path a service's client takes), hostile tokens minted directly, keys,
 * faults and the audience explanation.
 *
 * <p>Thread-safe.
 */
public final class RealmHandle {

    private final RealmRuntime rt;
    private final HttpClient http;

    RealmHandle(RealmRuntime rt, HttpClient http) {
        this.rt = rt;
        this.http = http;
    }

    public String name() {
        return rt.model().name();
    }

    /** {@code {base}/realms/{realm}}. */
    public String issuerUrl() {
        return rt.issuer();
    }

    public URI discoveryUri() {
        return rt.endpoint(".well-known/openid-configuration");
    }

    /** RFC 8414 metadata, the path-inserted form: {@code {host}/.well-known/oauth-authorization-server{context}/realms/{realm}}. */
    public URI authorizationServerMetadataUri() {
        URI issuer = URI.create(rt.fixedIssuer());
        return issuer.resolve("/.well-known/oauth-authorization-server" + issuer.getRawPath());
    }

    /** RFC 8414 metadata below the realm, as Keycloak also answers: {@code {issuer}/.well-known/oauth-authorization-server}. */
    public URI authorizationServerMetadataUriBelowRealm() {
        return rt.endpoint(".well-known/oauth-authorization-server");
    }

    public URI jwksUri() {
        return rt.endpoint("protocol/openid-connect/certs");
    }

    public URI tokenEndpoint() {
        return rt.endpoint("protocol/openid-connect/token");
    }

    public URI authorizationEndpoint() {
        return rt.endpoint("protocol/openid-connect/auth");
    }

    public URI introspectionEndpoint() {
        return rt.endpoint("protocol/openid-connect/token/introspect");
    }

    public URI userinfoEndpoint() {
        return rt.endpoint("protocol/openid-connect/userinfo");
    }

    /** RFC 7009 revocation, discovery's {@code revocation_endpoint}. */
    public URI revocationEndpoint() {
        return rt.endpoint("protocol/openid-connect/revoke");
    }

    /** Logout, discovery's {@code end_session_endpoint}. */
    public URI endSessionEndpoint() {
        return rt.endpoint("protocol/openid-connect/logout");
    }

    /** The issuer's clock, as the realm's minter and endpoints read it. */
    Instant now() {
        return rt.now();
    }

    /** The stable {@code sub} of a user, e.g. to assert on tokens. */
    public String subjectOf(String username) {
        return rt.model().user(username.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("no user '" + username + "' in realm " + name())).id();
    }

    // ---- real grants over HTTP (client_secret_basic)

    /**
     * The password grant.
     *
     * @param scopes values for the {@code scope} parameter, e.g. {@code "openid"}, {@code "good-service"}
     * @throws TokenRequestException when the token endpoint answers with an error
     */
    public TokenResponse passwordGrant(String clientId, String clientSecret, String username, String password,
            String... scopes) {
        Map<String, List<String>> form = form("grant_type", "password");
        form.put("username", List.of(username));
        form.put("password", List.of(password));
        scope(form, scopes);
        return tokenRequest(clientId, clientSecret, form);
    }

    /** The client-credentials grant, for the client's service account. */
    public TokenResponse clientCredentials(String clientId, String clientSecret, String... scopes) {
        Map<String, List<String>> form = form("grant_type", "client_credentials");
        scope(form, scopes);
        return tokenRequest(clientId, clientSecret, form);
    }

    /**
     * The refresh-token grant. As in Keycloak, a refresh token may be used again while its session
     * lives unless the realm sets {@code revokeRefreshToken} ({@code refreshTokenMaxReuse} more uses).
     */
    public TokenResponse refresh(String clientId, String clientSecret, String refreshToken) {
        Map<String, List<String>> form = form("grant_type", "refresh_token");
        form.put("refresh_token", List.of(refreshToken));
        return tokenRequest(clientId, clientSecret, form);
    }

    /** RFC 8693 token exchange of an access token, for the given audiences (none: the requester's own). */
    public TokenResponse exchange(String clientId, String clientSecret, String subjectToken, String... audiences) {
        Map<String, List<String>> form = form("grant_type", TokenEndpoint.TOKEN_EXCHANGE);
        form.put("subject_token", List.of(subjectToken));
        form.put("subject_token_type", List.of(TokenEndpoint.ACCESS_TOKEN_TYPE));
        if (audiences.length > 0) {
            form.put("audience", List.of(audiences));
        }
        return tokenRequest(clientId, clientSecret, form);
    }

    /**
     * Any token request: the form as given plus {@code client_secret_basic} authentication when
     * {@code clientId} is not null.
     */
    public TokenResponse tokenRequest(String clientId, String clientSecret, Map<String, List<String>> form) {
        HttpResponse<String> response = post(tokenEndpoint(), clientId, clientSecret, form);
        Map<String, Object> json = Json.parseObject(response.body()).orElse(Map.of());
        if (response.statusCode() != 200) {
            throw new TokenRequestException(response.statusCode(), String.valueOf(json.getOrDefault("error", "(no error code)")),
                    (String) json.get("error_description"));
        }
        if (!(json.get("access_token") instanceof String)) {
            throw new TokenRequestException(response.statusCode(), "(not a token response)", null);
        }
        return new TokenResponse(json);
    }

    /**
     * RFC 7009 revocation by the client the token was issued to: a refresh token ends its session
     * (its refresh tokens stop working, introspection of its tokens answers inactive); an access
     * token is inactive from now on.
     *
     * @throws TokenRequestException when the endpoint answers with an error (not for an unknown token: RFC 7009 answers 200)
     */
    public void revoke(String clientId, String clientSecret, String token) {
        Map<String, List<String>> form = form("token", token);
        expectOk(post(revocationEndpoint(), clientId, clientSecret, form));
    }

    /** Keycloak's logout with a refresh token by its confidential client: the session ends. */
    public void logout(String clientId, String clientSecret, String refreshToken) {
        expectOk(post(endSessionEndpoint(), clientId, clientSecret, form("refresh_token", refreshToken)));
    }

    private static void expectOk(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            Map<String, Object> json = Json.parseObject(response.body()).orElse(Map.of());
            throw new TokenRequestException(response.statusCode(), String.valueOf(json.getOrDefault("error", "(no error code)")),
                    (String) json.get("error_description"));
        }
    }

    private HttpResponse<String> post(URI endpoint, String clientId, String clientSecret, Map<String, List<String>> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, values) -> values.forEach(v -> {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(enc(k)).append('=').append(enc(v));
        }));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (clientId != null) {
            String credentials = enc(clientId) + ":" + enc(Objects.requireNonNullElse(clientSecret, ""));
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("issuer unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Map<String, List<String>> form(String key, String value) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put(key, List.of(value));
        return form;
    }

    private static void scope(Map<String, List<String>> form, String... scopes) {
        if (scopes.length > 0) {
            form.put("scope", List.of(String.join(" ", scopes)));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- test support

    /** Mints a token directly, valid by default, hostile on request. */
    public TokenMinter mint() {
        return new TokenMinter(rt);
    }

    public RealmKeys keys() {
        return new RealmKeys(rt.keys());
    }

    public RealmFaults faults() {
        return new RealmFaults(rt.faults());
    }

    /** Adds and removes users, clients, roles, group memberships and mappers while the issuer runs. */
    public RealmChanges changes() {
        return new RealmChanges(rt);
    }

    /** OAuth error answers on demand, for the next request to an endpoint or for one token. */
    public RealmErrors errors() {
        return new RealmErrors(rt.errors());
    }

    /** Every request this realm received (secrets and tokens redacted), for assertions. */
    public RequestLog requests() {
        return new RequestLog(rt.recorder());
    }

    /**
     * What a token request would produce and why, without issuing anything.
     *
     * @param username the user, or null for the client's service account
     * @throws IllegalArgumentException for an unknown client or user, or an invalid scope
     */
    public Evaluation evaluate(String clientId, String username, String... scopes) {
        try {
            return new Evaluation(Explain.report(rt, clientId, username, scopes.length == 0 ? null : String.join(" ", scopes)));
        } catch (dev.audguard.issuer.internal.OAuthException e) {
            throw new IllegalArgumentException(e.error() + ": " + e.description());
        }
    }

    /**
     * The Keycloak adapter configuration ({@code keycloak.json}) of a client of this realm, as
     * Keycloak's "Action, Download adapter config" writes it: {@code realm}, {@code auth-server-url}
     * (this issuer, context path included), {@code ssl-required}, {@code resource}, and
     * {@code credentials.secret}, {@code bearer-only} or {@code public-client} as the client is,
     * {@code use-resource-role-mappings} when the client has roles of its own; for
     * a servlet or Jakarta REST application that reads a {@code keycloak.json}. It holds the client's
     * secret: keep it in the test.
     *
     * @throws IllegalArgumentException for an unknown client
     */
    public String keycloakJson(String clientId) {
        dev.audguard.issuer.internal.RealmModel.Client client = rt.model().client(clientId)
                .orElseThrow(() -> new IllegalArgumentException("no client '" + clientId + "' in realm " + name()));
        String issuer = rt.fixedIssuer();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("realm", name());
        json.put("auth-server-url", issuer.substring(0, issuer.length() - ("/realms/" + name()).length()) + "/");
        json.put("ssl-required", "external");
        json.put("resource", client.clientId());
        if (client.bearerOnly()) {
            json.put("bearer-only", true);
        }
        if (client.publicClient()) {
            json.put("public-client", true);
        } else if (client.secret() != null) {
            json.put("credentials", Map.of("secret", client.secret()));
        }
        // as Keycloak's installation provider: a client with roles of its own maps those
        if (rt.model().roles().keySet().stream().anyMatch(r -> client.clientId().equals(r.clientId()))) {
            json.put("use-resource-role-mappings", true);
        }
        json.put("confidential-port", 0);
        return Json.write(json);
    }

    /** The realm's users, by name; includes service-account users. */
    public List<String> usernames() {
        return new ArrayList<>(rt.model().users().keySet());
    }

    @Override
    public String toString() {
        return "RealmHandle[" + issuerUrl() + "]";
    }
}
