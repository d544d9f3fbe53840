package dev.audguard.issuer.internal;

import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.audguard.issuer.IssuerClock;
import dev.audguard.issuer.IssuerEndpoint;
import dev.audguard.issuer.internal.Faults.Kind;
import dev.audguard.issuer.internal.Faults.Spec;
import dev.audguard.issuer.internal.Faults.Target;
import dev.audguard.issuer.internal.RealmModel.Client;
import dev.audguard.issuer.internal.RealmModel.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP front door: one JDK {@link HttpServer} serving every realm under
 * {@code {base}/realms/{realm}}, with Keycloak's paths.
 *
 * <p>Thread-safe. Requests run on a pool of daemon threads, so a slow fault on one endpoint does not
 * hold up the others.
 */
public final class IssuerServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerServer.class);
    private static final String OIDC = "/protocol/openid-connect";
    static final String AS_METADATA = "/.well-known/oauth-authorization-server";

    private final HttpServer server;
    private final ExecutorService pool;
    private final String contextPath;
    private final URI baseUri;
    private final Map<String, RealmRuntime> realms;
    private final long jwksMaxAgeSeconds;
    private final TokenEndpoint tokenEndpoint;
    private final ClientAuth clientAuth;
    private final IntrospectionEndpoint introspectionEndpoint;
    private final SessionEndpoints sessionEndpoints;
    private final boolean issuerFromRequest;
    /** What a Host header may be: a name or IPv4 address, or a bracketed IPv6 address, and a port. */
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}\\])(:[0-9]{1,5})?");
    private final AuthorizationEndpoint authorizationEndpoint = new AuthorizationEndpoint();
    private volatile HttpClient httpClient;
    private final IssuerTlsServer tls;

    public IssuerServer(String host, int port, String contextPath, URI frontendUrl, IssuerClock clock, boolean strictRfc8693,
            Duration jwksMaxAge, List<RealmModel> models, Map<String, KeyRing.Options> keyOptions, boolean issuerFromRequest,
            dev.audguard.issuer.ResourceParameter resourceParameter) {
        this(host, port, contextPath, frontendUrl, clock, strictRfc8693, jwksMaxAge, models, keyOptions, issuerFromRequest,
                resourceParameter, null);
    }

    /** As above; with {@code tls} not null the server speaks HTTPS only (and asks for client certificates when it says so). */
    public IssuerServer(String host, int port, String contextPath, URI frontendUrl, IssuerClock clock, boolean strictRfc8693,
            Duration jwksMaxAge, List<RealmModel> models, Map<String, KeyRing.Options> keyOptions, boolean issuerFromRequest,
            dev.audguard.issuer.ResourceParameter resourceParameter, IssuerTlsServer tls) {
        this.tls = tls;
        this.issuerFromRequest = issuerFromRequest;
        this.contextPath = contextPath;
        this.jwksMaxAgeSeconds = jwksMaxAge.toSeconds();
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "reference-issuer-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            server = tls == null ? HttpServer.create(new InetSocketAddress(host, port), 64)
                    : tls.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
        String base;
        if (frontendUrl != null) {
            base = stripSlash(frontendUrl.toString());
        } else {
            String shownHost = host.contains(":") ? "[" + host + "]" : host;
            base = (tls == null ? "http://" : "https://") + shownHost + ":" + server.getAddress().getPort() + contextPath;
        }
        this.baseUri = URI.create(base);
        Map<String, RealmRuntime> byName = new LinkedHashMap<>();
        for (RealmModel model : models) {
            byName.put(model.name(), new RealmRuntime(model, clock, base + "/realms/" + model.name(), strictRfc8693, pool,
                    keyOptions.getOrDefault(model.name(), KeyRing.Options.DEFAULTS), resourceParameter));
        }
        this.realms = Map.copyOf(byName);
        this.clientAuth = new ClientAuth(this::httpClient);
        this.tokenEndpoint = new TokenEndpoint(clientAuth);
        this.sessionEndpoints = new SessionEndpoints(clientAuth);
        this.introspectionEndpoint = new IntrospectionEndpoint(clientAuth);
        server.setExecutor(pool);
        server.createContext(contextPath.isEmpty() ? "/" : contextPath, this::handle);
        if (!contextPath.isEmpty()) {
            // RFC 8414 section 3.1 inserts the well-known segment before the issuer's path, context path included.
            server.createContext(AS_METADATA, this::handle);
        }
        server.start();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private HttpClient httpClient() {
        HttpClient client = httpClient;
        if (client == null) {
            synchronized (this) {
                if (httpClient == null) {
                    httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                            .followRedirects(HttpClient.Redirect.NEVER).executor(pool).build();
                }
                client = httpClient;
            }
        }
        return client;
    }

    public URI baseUri() {
        return baseUri;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Map<String, RealmRuntime> realms() {
        return realms;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- routing

    private void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Request req = null;
        try {
            String realmName;
            String route;
            String inserted = AS_METADATA + contextPath + "/realms/";
            if (path.startsWith(inserted) && path.indexOf('/', inserted.length()) < 0) {
                // {base-host}/.well-known/oauth-authorization-server{context}/realms/{realm}
                realmName = path.substring(inserted.length());
                route = AS_METADATA + "/realms/" + realmName;
            } else if (path.startsWith(contextPath + "/realms/")) {
                String rest = path.substring((contextPath + "/realms/").length());
                int slash = rest.indexOf('/');
                realmName = slash < 0 ? rest : rest.substring(0, slash);
                route = slash < 0 ? "" : rest.substring(slash);
            } else if (path.startsWith(contextPath) && Console.serves(path.substring(contextPath.length()))) {
                // The web console at the root; not a realm request, so not in any realm's request log.
                req = new Request(exchange, path);
                Console.handle(req, path.substring(contextPath.length()), realms);
                return;
            } else {
                new Request(exchange, path).json(404, error("not_found", "No such endpoint"));
                return;
            }
            req = new Request(exchange, route);
            RealmRuntime rt = realms.get(realmName);
            if (rt == null) {
                req.json(404, error("Realm does not exist", "Realm does not exist"));
                return;
            }
            if (!route.startsWith("/testing/")) {
                // The test's own controls stay out of the log; everything else goes in, answered or not.
                req.prefetchBody();
                req.beforeAnswer(answered -> record(rt, answered));
            }
            if (!rt.model().enabled()) {
                req.json(403, error("Realm not enabled", "Realm not enabled"));
                return;
            }
            if (issuerFromRequest) {
                String host = req.header("Host");
                if (host == null || !HOST.matcher(host).matches()) {
                    throw OAuthException.invalidRequest("Missing or malformed Host header");
                }
                // As Keycloak without a configured hostname: the issuer is whatever the client called.
                rt.requestIssuer((tls == null ? "http://" : "https://") + host + contextPath);
                try {
                    route(rt, req);
                } finally {
                    rt.requestIssuer(null);
                }
                return;
            }
            route(rt, req);
        } catch (OAuthException e) {
            if (req == null) {
                req = new Request(exchange, path);
            }
            // Code and fixed description only: never the request's parameters.
            LOG.debug("{} {} answered {} {}", method, req.route(), e.status(), e.error());
            req.error(e);
        } catch (RuntimeException e) {
            // Only the type and the place: an exception message might quote request data.
            LOG.warn("unexpected {} while handling {} {} at {}", e.getClass().getName(), method,
                    path.length() > 200 ? path.substring(0, 200) : path,
                    e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            (req == null ? new Request(exchange, path) : req).json(500, error("server_error", "Unexpected error"));
        } finally {
            exchange.close();
        }
    }

    private static void record(RealmRuntime rt, Request req) {
        try {
            rt.recorder().record(rt, req);
        } catch (RuntimeException e) {
            LOG.warn("could not record a request: {}", e.getClass().getName());
        }
    }

    private void route(RealmRuntime rt, Request req) {
        // One snapshot of the realm per request: a runtime change (RealmChanges) never lands halfway.
        rt.pinned(() -> dispatch(rt, req));
    }

    private void dispatch(RealmRuntime rt, Request req) {
        String route = req.route();
        switch (route) {
            case "", "/" -> {
                only(req, "GET");
                req.json(200, realmInfo(rt));
            }
            case "/.well-known/openid-configuration" -> faulted(rt, req, Target.DISCOVERY, "GET", () -> req.json(200, discovery(rt)));
            // RFC 8414 at both places Keycloak 26.7.3 answers; the same document, as Keycloak serves it.
            case AS_METADATA -> faulted(rt, req, Target.DISCOVERY, "GET", () -> req.json(200, discovery(rt)));
            case OIDC + "/certs" -> faulted(rt, req, Target.JWKS, "GET", () -> req.json(200, rt.keys().publicJwksDocument(),
                    Map.of("Cache-Control", "max-age=" + jwksMaxAgeSeconds)));
            case OIDC + "/token" -> faulted(rt, req, Target.TOKEN, "POST", () -> {
                try {
                    req.json(200, tokenEndpoint.handle(rt, req), Map.of("Cache-Control", "no-store", "Pragma", "no-cache"));
                } catch (OAuthException e) {
                    // Keycloak 26.7.3 sends Pragma: no-cache on its token endpoint's refusals too (pinned)
                    throw e.withHeader("Pragma", "no-cache");
                }
            });
            case OIDC + "/token/introspect" -> faulted(rt, req, Target.INTROSPECTION, "POST", () -> introspectionEndpoint.handle(rt, req));
            case OIDC + "/userinfo" -> faulted(rt, req, Target.USERINFO, null, () -> {
                Map<String, Object> info;
                try {
                    info = userInfo(rt, req);
                } catch (OAuthException e) {
                    // Keycloak 26.7.3 refuses at userinfo with the challenge alone and an empty body (pinned)
                    req.send(e.status(), null, new byte[0], e.headers());
                    return;
                }
                req.json(200, info, Map.of("Cache-Control", "no-store"));
            });
            case OIDC + "/revoke" -> {
                only(req, "POST");
                injected(rt, req, IssuerEndpoint.REVOCATION);
                sessionEndpoints.revoke(rt, req);
            }
            case OIDC + "/logout" -> {
                if (!"GET".equals(req.method()) && !"POST".equals(req.method())) {
                    throw new OAuthException(405, "invalid_request", "Method not allowed", Map.of("Allow", "GET, POST"));
                }
                injected(rt, req, IssuerEndpoint.LOGOUT);
                sessionEndpoints.logout(rt, req);
            }
            case OIDC + "/auth" -> {
                if (!"GET".equals(req.method()) && !"POST".equals(req.method())) {
                    throw new OAuthException(405, "invalid_request", "Method not allowed", Map.of("Allow", "GET, POST"));
                }
                authorizationEndpoint.handle(rt, req);
            }
            default -> {
                if (route.equals(AS_METADATA + "/realms/" + rt.model().name())) {
                    faulted(rt, req, Target.DISCOVERY, "GET", () -> req.json(200, discovery(rt)));
                } else if (route.startsWith("/testing/")) {
                    Testing.handle(rt, req, route.substring("/testing/".length()));
                } else {
                    req.json(404, error("not_found", "No such endpoint"));
                }
            }
        }
    }

    static void only(Request req, String method) {
        if (!method.equals(req.method()) && !("GET".equals(method) && "HEAD".equals(req.method()))) {
            throw new OAuthException(405, "invalid_request", "Method not allowed", Map.of("Allow", method));
        }
    }

    private static void faulted(RealmRuntime rt, Request req, Target target, String method, Runnable normal) {
        if (method != null) {
            only(req, method);
        } else if (!"GET".equals(req.method()) && !"POST".equals(req.method())) {
            throw new OAuthException(405, "invalid_request", "Method not allowed", Map.of("Allow", "GET, POST"));
        }
        Optional<Spec> fault = rt.faults().take(target);
        IssuerEndpoint endpoint = switch (target) {
            case TOKEN -> IssuerEndpoint.TOKEN;
            case INTROSPECTION -> IssuerEndpoint.INTROSPECTION;
            case USERINFO -> IssuerEndpoint.USERINFO;
            default -> null;
        };
        if (fault.isPresent()) {
            Spec spec = fault.get();
            switch (spec.kind()) {
                case DOWN -> {
                    req.hangUp();
                    return;
                }
                case STATUS -> {
                    req.json(spec.status(), error("server_error", "Injected fault"));
                    return;
                }
                case GARBAGE -> {
                    req.send(200, "application/json", "<html>definitely not JSON".getBytes(StandardCharsets.UTF_8), Map.of());
                    return;
                }
                case SLOW -> pause(spec.delay());
                default -> throw new IllegalStateException();
            }
        }
        if (endpoint != null) {
            injected(rt, req, endpoint);
        }
        normal.run();
    }

    /** An OAuth error the test asked for, thrown as the endpoint's answer. */
    private static void injected(RealmRuntime rt, Request req, IssuerEndpoint endpoint) {
        Optional<OAuthException> injected = rt.errors().take(endpoint, req);
        if (injected.isPresent()) {
            throw injected.get();
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis()); // a slow server, on the server's own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, Object> error(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return body;
    }

    // ---- small endpoints

    private static Map<String, Object> realmInfo(RealmRuntime rt) {
        RSAKey key = rt.keys().activeKey();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("realm", rt.model().name());
        try {
            out.put("public_key", Base64.getEncoder().encodeToString(key.toPublicKey().getEncoded()));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        out.put("token-service", rt.issuer() + OIDC);
        out.put("account-service", rt.issuer() + "/account");
        out.put("tokens-not-before", 0);
        return out;
    }

    private static Map<String, Object> discovery(RealmRuntime rt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", rt.issuer());
        d.put("authorization_endpoint", rt.issuer() + OIDC + "/auth");
        d.put("token_endpoint", rt.issuer() + OIDC + "/token");
        d.put("introspection_endpoint", rt.issuer() + OIDC + "/token/introspect");
        d.put("userinfo_endpoint", rt.issuer() + OIDC + "/userinfo");
        d.put("end_session_endpoint", rt.issuer() + OIDC + "/logout");
        d.put("jwks_uri", rt.issuer() + OIDC + "/certs");
        d.put("grant_types_supported", List.of("authorization_code", "refresh_token", "password", "client_credentials",
                TokenEndpoint.TOKEN_EXCHANGE));
        d.put("response_types_supported", List.of("code"));
        d.put("response_modes_supported", List.of("query"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", RealmSettings.SIGNATURE_ALGORITHMS);
        d.put("userinfo_signing_alg_values_supported", List.of("none"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
        d.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
                "ES256", "ES384", "ES512", "EdDSA"));
        d.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
        List<String> introspectionAlgorithms = IntrospectionEndpoint.signingAlgorithms(rt);
        if (!introspectionAlgorithms.isEmpty()) {
            // RFC 9701 section 7; Keycloak 26 lists none (it has no signed introspection answers)
            d.put("introspection_signing_alg_values_supported", introspectionAlgorithms);
        }
        d.put("code_challenge_methods_supported", List.of("S256"));
        d.put("revocation_endpoint", rt.issuer() + OIDC + "/revoke");
        d.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
        List<String> scopes = new ArrayList<>(List.of("openid"));
        scopes.addAll(rt.model().scopes().keySet());
        d.put("scopes_supported", scopes);
        d.put("claims_supported", List.of("aud", "sub", "iss", "auth_time", "name", "given_name", "family_name",
                "preferred_username", "email", "email_verified", "acr", "azp", "sid", "scope"));
        d.put("claims_parameter_supported", false);
        d.put("request_parameter_supported", false);
        d.put("request_uri_parameter_supported", false);
        d.put("authorization_response_iss_parameter_supported", true);
        d.put("dpop_signing_alg_values_supported", DpopProofs.ALGORITHMS);
        // RFC 8705 section 3.3 and 5, as Keycloak 26 lists them: the aliases are the ordinary endpoints
        d.put("tls_client_certificate_bound_access_tokens", true);
        Map<String, Object> aliases = new LinkedHashMap<>();
        aliases.put("token_endpoint", d.get("token_endpoint"));
        aliases.put("revocation_endpoint", d.get("revocation_endpoint"));
        aliases.put("introspection_endpoint", d.get("introspection_endpoint"));
        aliases.put("userinfo_endpoint", d.get("userinfo_endpoint"));
        d.put("mtls_endpoint_aliases", aliases);
        return d;
    }

    private static Map<String, Object> userInfo(RealmRuntime rt, Request req) {
        String authorization = req.header("Authorization");
        String token = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).trim();
        } else if ("POST".equals(req.method()) && authorization == null) {
            token = req.form("access_token");
        }
        String realmName = rt.model().name();
        if (token == null || token.isEmpty()) {
            throw new OAuthException(401, "invalid_request", "Missing access token",
                    Map.of("WWW-Authenticate", "Bearer realm=\"" + realmName + "\""));
        }
        Map<String, Object> verified = rt.accessTokenClaims(token).orElseThrow(() -> invalidToken(realmName));
        // OpenID Connect Core 5.3: userinfo serves OpenID requests only; Keycloak checks it right after the
        // token's signature and expiry, before the session (pinned: userinfo, userinfo-openid)
        if (!(verified.get("scope") instanceof String granted) || !List.of(granted.split(" ")).contains("openid")) {
            throw new OAuthException(403, "insufficient_scope", "Missing openid scope", Map.of("WWW-Authenticate",
                    "Bearer realm=\"" + realmName + "\", error=\"insufficient_scope\", error_description=\"Missing openid scope\""));
        }
        Map<String, Object> claims = Optional.of(verified).filter(c -> !rt.isRevokedSession((String) c.get("sid")))
                .orElseThrow(() -> invalidToken(realmName));
        User user = rt.model().userById(String.valueOf(claims.get("sub"))).filter(User::enabled)
                .orElseThrow(() -> invalidToken(realmName));
        Client client = rt.model().client(String.valueOf(claims.get("azp"))).orElseThrow(() -> invalidToken(realmName));
        String scope = claims.get("scope") instanceof String s ? s : null;
        Claims.Evaluation e;
        try {
            e = Claims.evaluate(rt.model(), client, user, scope);
        } catch (OAuthException ex) {
            throw invalidToken(realmName);
        }
        return Claims.userInfo(e, new Claims.Issue(rt.issuer(), rt.now(), 0, null, (String) claims.get("sid"), null, null,
                req.remoteAddress()));
    }

    private static OAuthException invalidToken(String realm) {
        return new OAuthException(401, "invalid_token", "Token verification failed",
                Map.of("WWW-Authenticate", "Bearer realm=\"" + realm + "\", error=\"invalid_token\", error_description=\"Token verification failed\""));
    }

    static Kind kind(String name) {
        try {
            return Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw OAuthException.invalidRequest("type must be one of down, slow, status, garbage");
        }
    }
}
