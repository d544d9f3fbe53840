package dev.audguard.issuer.internal;

import dev.audguard.issuer.internal.Claims.Evaluation;
import dev.audguard.issuer.internal.Claims.Issue;
import dev.audguard.issuer.internal.RealmModel.Client;
import dev.audguard.issuer.internal.RealmModel.RoleId;
import dev.audguard.issuer.internal.RealmModel.User;
import dev.audguard.issuer.internal.RealmRuntime.CodeGrant;
import dev.audguard.issuer.internal.RealmRuntime.RefreshGrant;
import dev.audguard.issuer.internal.RealmRuntime.RefreshRedemption;
import dev.audguard.issuer.internal.RealmRuntime.Session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /protocol/openid-connect/token}: the password, client-credentials, refresh-token,
 * authorization-code (PKCE S256) and RFC 8693 token-exchange grants, answering as Keycloak 26 does.
 *
 * <p>Thread-safe; all state lives in the {@link RealmRuntime}.
 */
public final class TokenEndpoint {

    public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    public static final String REFRESH_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:refresh_token";
    public static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
    /** Keycloak 24+: the token carries only what {@link #LIGHTWEIGHT_CLAIMS} lists; resource servers introspect. */
    public static final String LIGHTWEIGHT = "client.use.lightweight.access.token.enabled";
    /** The reference issuer's own client attribute (Keycloak has none): opaque access tokens, for tests of introspection. */
    public static final String OPAQUE = "reference-issuer.opaque.access.token";
    /** What Keycloak 26.7.3 writes into a lightweight access token (measured), plus act for exchanged tokens. */
    private static final java.util.Set<String> LIGHTWEIGHT_CLAIMS = java.util.Set.of("azp", "exp", "iat", "iss", "jti", "scope",
            "sid", "typ", "act", "cnf");
    private static final String DPOP_BINDING_FAILED = "DPoP proof and token binding verification failed";
    private static final Pattern CODE_VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final ClientAuth clientAuth;
    private final DpopProofs dpop = new DpopProofs();

    public TokenEndpoint(ClientAuth clientAuth) {
        this.clientAuth = clientAuth;
    }

    public Map<String, Object> handle(RealmRuntime rt, Request req) {
        String grantType = req.form("grant_type");
        if (grantType == null) {
            throw OAuthException.invalidRequest("Missing form parameter: grant_type");
        }
        Client client = clientAuth.authenticate(rt, req);
        if (!List.of("password", "client_credentials", "refresh_token", "authorization_code", TOKEN_EXCHANGE).contains(grantType)) {
            throw new OAuthException(400, "unsupported_grant_type", "Unsupported grant_type");
        }
        // RFC 9449 section 5: any grant with a valid proof gets a token bound to the proof's key
        String jkt = dpop.check(rt, req, client);
        // RFC 8705 section 3, as Keycloak 26: a client configured for it gets tokens bound to its TLS certificate
        Binding binding = new Binding(jkt, CertificateBinding.thumbprintFor(client, req));
        return switch (grantType) {
            case "password" -> password(rt, client, req, binding);
            case "client_credentials" -> clientCredentials(rt, client, req, binding);
            case "refresh_token" -> refresh(rt, client, req, binding);
            case "authorization_code" -> authorizationCode(rt, client, req, binding);
            default -> exchange(rt, client, req, binding);
        };
    }

    // ---- grants

    private Map<String, Object> password(RealmRuntime rt, Client client, Request req, Binding binding) {
        if (!client.directAccessGrantsEnabled()) {
            throw new OAuthException(400, "unauthorized_client", "Client not allowed for direct access grants");
        }
        String username = req.form("username");
        String password = req.form("password");
        if (username == null) {
            throw OAuthException.invalidRequest("Missing parameter: username");
        }
        User user = checkPassword(rt.model(), username, password)
                .orElseThrow(() -> OAuthException.invalidGrant("Invalid user credentials")); // 400, as Keycloak 26.7.3 (pinned)
        if (!user.enabled()) {
            throw OAuthException.invalidGrant("Account disabled");
        }
        List<String> resources = req.formAll("resource");
        Evaluation e = Resources.apply(rt, Claims.evaluate(rt.model(), client, user, req.form("scope")), resources);
        checkOffline(e);
        // No authentication time: Keycloak 26.7.3 puts no auth_time into direct-grant tokens, nor into the
        // refreshed, exchanged or introspected ones of that session (pinned: password-*, refresh, exchange-*)
        Session session = rt.newSession(user.id(), null);
        return respond(rt, e, session, null, req.remoteAddress(), req.form("scope"), true, resources, binding);
    }

    /** The user a login name and password stand for; Keycloak also accepts the e-mail address. */
    public static Optional<User> checkPassword(RealmModel realm, String login, String password) {
        if (login == null || password == null) {
            return Optional.empty();
        }
        String name = login.toLowerCase(Locale.ROOT);
        Optional<User> user = realm.user(name).or(() -> realm.users().values().stream()
                .filter(u -> u.email() != null && u.email().equalsIgnoreCase(login)).findFirst());
        return user.filter(u -> u.password() != null && u.serviceAccountClientId() == null
                && MessageDigest.isEqual(u.password().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8)));
    }

    private Map<String, Object> clientCredentials(RealmRuntime rt, Client client, Request req, Binding binding) {
        if (client.publicClient()) {
            throw new OAuthException(400, "unauthorized_client", "Public client not allowed to retrieve service account");
        }
        if (!client.serviceAccountsEnabled()) {
            // 401, as Keycloak 26.7.3 answers it (pinned: client-credentials-no-service-account)
            throw new OAuthException(401, "unauthorized_client", "Client not enabled to retrieve service account");
        }
        User user = rt.model().serviceAccountOf(client.clientId()).filter(User::enabled)
                .orElseThrow(() -> new OAuthException(400, "invalid_request", "Service account user is disabled"));
        Evaluation e = Resources.apply(rt, Claims.evaluate(rt.model(), client, user, req.form("scope")), req.formAll("resource"));
        // Keycloak 26 serves client credentials from a transient session: no sid, no refresh token.
        return respond(rt, e, null, null, req.remoteAddress(), req.form("scope"), false, List.of(), binding);
    }

    private Map<String, Object> refresh(RealmRuntime rt, Client client, Request req, Binding binding) {
        String token = req.form("refresh_token");
        if (token == null) {
            throw OAuthException.invalidRequest("Missing parameter: refresh_token");
        }
        Map<String, Object> claims = rt.verifyRefresh(token)
                .orElseThrow(() -> OAuthException.invalidGrant("Invalid refresh token"));
        if (!client.clientId().equals(claims.get("azp"))) {
            throw OAuthException.invalidGrant("Invalid refresh token. Token client and authorized client don't match");
        }
        // a public client's refresh token is bound to its DPoP key (RFC 9449 section 5): only that key may redeem it
        String jkt = binding.jkt();
        String bound = boundThumbprint(claims);
        if (bound != null && (jkt == null || !MessageDigest.isEqual(bound.getBytes(StandardCharsets.US_ASCII),
                jkt.getBytes(StandardCharsets.US_ASCII)))) {
            throw jkt == null ? DpopProofs.refused("DPoP proof is missing") : DpopProofs.refused(DPOP_BINDING_FAILED);
        }
        CertificateBinding.checkRefresh(client, claims, binding.x5t());
        RefreshRedemption redemption = rt.redeemRefresh(String.valueOf(claims.get("jti")));
        switch (redemption.use()) {
            case UNKNOWN -> throw OAuthException.invalidGrant("Invalid refresh token");
            case STALE -> throw OAuthException.invalidGrant("Stale token");
            case REUSE_EXCEEDED -> throw OAuthException.invalidGrant("Maximum allowed refresh token reuse exceeded");
            default -> {
                // usable
            }
        }
        RefreshGrant grant = redemption.grant();
        Session session = rt.liveSession(grant.sessionId())
                .orElseThrow(() -> OAuthException.invalidGrant("Session not active"));
        User user = rt.model().userById(grant.userId()).filter(User::enabled)
                .orElseThrow(() -> OAuthException.invalidGrant("User disabled"));
        String scope = grant.scope();
        String narrowed = req.form("scope");
        if (narrowed != null) {
            List<String> original = Claims.parseScope(scope);
            if (!original.containsAll(Claims.parseScope(narrowed))) {
                throw OAuthException.invalidScope("Invalid scopes: " + narrowed);
            }
            scope = narrowed;
        }
        List<String> resources = Resources.carried(rt, grant.resources(), req.formAll("resource"));
        Evaluation e = Resources.apply(rt, Claims.evaluate(rt.model(), client, user, scope), resources);
        return respond(rt, e, session, null, req.remoteAddress(), scope, true, resources, binding);
    }

    private Map<String, Object> authorizationCode(RealmRuntime rt, Client client, Request req, Binding binding) {
        String code = req.form("code");
        if (code == null) {
            throw OAuthException.invalidRequest("Missing parameter: code");
        }
        CodeGrant grant = rt.redeemCode(code).orElseThrow(() -> OAuthException.invalidGrant("Code not valid"));
        if (!grant.clientId().equals(client.clientId())) {
            throw OAuthException.invalidGrant("Code not valid");
        }
        if (!Objects.equals(grant.redirectUri(), req.form("redirect_uri"))) {
            throw OAuthException.invalidGrant("Incorrect redirect_uri");
        }
        String verifier = req.form("code_verifier");
        if (grant.codeChallenge() != null) {
            if (verifier == null) {
                throw OAuthException.invalidGrant("PKCE code verifier not specified");
            }
            if (!CODE_VERIFIER.matcher(verifier).matches()) {
                throw OAuthException.invalidGrant("PKCE verification failed: Invalid code verifier");
            }
            if (!grant.codeChallenge().equals(s256(verifier))) {
                throw OAuthException.invalidGrant("PKCE verification failed: Code mismatch");
            }
        } else if (verifier != null) {
            throw OAuthException.invalidGrant("PKCE code verifier specified but challenge not present in authorization");
        }
        Session session = rt.liveSession(grant.sessionId()).orElseThrow(() -> OAuthException.invalidGrant("Session not active"));
        User user = rt.model().userById(grant.userId()).filter(User::enabled)
                .orElseThrow(() -> OAuthException.invalidGrant("User disabled"));
        List<String> resources = Resources.carried(rt, grant.resources(), req.formAll("resource"));
        Evaluation e = Resources.apply(rt, Claims.evaluate(rt.model(), client, user, grant.scope()), resources);
        return respond(rt, e, session, grant.nonce(), req.remoteAddress(), grant.scope(), true, resources, binding);
    }

    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return com.nimbusds.jose.util.Base64URL.encode(digest).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- RFC 8693, with Keycloak 26 standard token exchange rules and their order

    private Map<String, Object> exchange(RealmRuntime rt, Client client, Request req, Binding binding) {
        if (client.publicClient()) {
            throw new OAuthException(400, "invalid_client", "Public client is not allowed to exchange token");
        }
        for (String unsupported : List.of("requested_subject", "requested_issuer", "subject_issuer")) {
            if (req.form(unsupported) != null) {
                throw OAuthException.invalidRequest("Parameter '" + unsupported + "' is not supported for standard token exchange");
            }
        }
        if (!client.standardTokenExchangeEnabled()) {
            throw OAuthException.invalidRequest("Standard token exchange is not enabled for the requested client");
        }
        String subjectToken = req.form("subject_token");
        if (subjectToken == null) {
            throw OAuthException.invalidRequest("Parameter 'subject_token' required for standard token exchange");
        }
        String subjectTokenType = req.form("subject_token_type");
        if (subjectTokenType == null) {
            throw OAuthException.invalidRequest("Parameter 'subject_token_type' required for standard token exchange");
        }
        if (!ACCESS_TOKEN_TYPE.equals(subjectTokenType)) {
            throw OAuthException.invalidRequest("Parameter 'subject_token' supports access tokens only");
        }
        Map<String, Object> subject = rt.accessTokenClaims(subjectToken)
                .filter(c -> !rt.isRevokedSession((String) c.get("sid")))
                .orElseThrow(() -> OAuthException.invalidRequest("Invalid token"));
        User user = rt.model().userById(String.valueOf(subject.get("sub"))).filter(User::enabled)
                .orElseThrow(() -> OAuthException.invalidRequest("Invalid token"));
        if (boundThumbprint(subject) != null && !client.clientId().equals(subject.get("azp"))) {
            // Keycloak 26.7.3's answer, measured: a bound token is exchanged only by the client it was issued to
            throw OAuthException.invalidRequest(
                    "Sender-constrained token exchange rejected as the token was not issued for the requesting client");
        }

        String requestedType = req.form("requested_token_type");
        if (requestedType == null) {
            requestedType = ACCESS_TOKEN_TYPE;
        } else if (!requestedType.equals(ACCESS_TOKEN_TYPE) && !requestedType.equals(ID_TOKEN_TYPE)
                && !(requestedType.equals(REFRESH_TOKEN_TYPE) && client.exchangeMayIssueRefreshTokens())) {
            throw OAuthException.invalidRequest("requested_token_type unsupported");
        }

        List<String> audiences = req.formAll("audience");
        for (String audience : audiences) {
            Optional<Client> target = rt.model().client(audience);
            if (target.isEmpty()) {
                throw targetError(rt, "invalid_client", "Audience not found");
            }
            if (!target.get().enabled()) {
                throw targetError(rt, "invalid_client", "Client disabled");
            }
        }
        if (!client.clientId().equals(subject.get("azp")) && !audienceOf(subject).contains(client.clientId())) {
            throw new OAuthException(403, "access_denied", "Client is not within the token audience");
        }

        Map<String, Object> act = actor(rt, req, subject);

        String scope = req.form("scope");
        Evaluation full = Claims.evaluate(rt.model(), client, user, scope);
        Evaluation restricted = audiences.isEmpty() ? full : full.restrictAudience(audiences);
        if (!audiences.isEmpty()) {
            List<String> missing = audiences.stream().distinct().filter(a -> !restricted.audience().containsKey(a)).toList();
            if (!missing.isEmpty()) {
                throw targetError(rt, "invalid_request", "Requested audience not available: " + String.join(", ", missing));
            }
        }
        Evaluation e = Resources.apply(rt, restricted, req.formAll("resource"));
        String sid = (String) subject.get("sid");
        Session session = rt.liveSession(sid).orElse(null);
        if (REFRESH_TOKEN_TYPE.equals(requestedType)) {
            if (session == null) {
                throw OAuthException.invalidRequest(
                        "Refresh token not valid as requested_token_type because creating a new session is needed");
            }
            if (e.scopes().stream().anyMatch(s -> s.name().equals("offline_access"))) {
                throw OAuthException.invalidRequest("Scope offline_access not allowed for token exchange");
            }
        }
        Issued issued = issue(rt, e, session, null, req.remoteAddress(), act, binding);
        Map<String, Object> body = new LinkedHashMap<>();
        if (ID_TOKEN_TYPE.equals(requestedType)) {
            body.put("access_token", idTokenFor(rt, e, issued, session, null, null));
            body.put("token_type", "N_A");
        } else {
            body.put("access_token", issued.accessToken());
            body.put("token_type", binding.jkt() == null ? "Bearer" : "DPoP");
        }
        body.put("expires_in", issued.lifetime());
        if (REFRESH_TOKEN_TYPE.equals(requestedType)) {
            addRefresh(rt, e, session, scope, body, req.formAll("resource"), binding);
        } else {
            body.put("refresh_expires_in", 0);
        }
        if (e.openid() && !ID_TOKEN_TYPE.equals(requestedType)) {
            body.put("id_token", idTokenFor(rt, e, issued, session, null, issued.accessToken()));
        }
        body.put("not-before-policy", 0);
        if (session != null) {
            body.put("session_state", session.id());
        }
        body.put("scope", e.scope());
        body.put("issued_token_type", requestedType);
        return body;
    }

    private static OAuthException targetError(RealmRuntime rt, String keycloakError, String description) {
        return new OAuthException(400, rt.strictRfc8693() ? "invalid_target" : keycloakError, description);
    }

    public static List<String> audienceOf(Map<String, Object> claims) {
        Object aud = claims.get("aud");
        if (aud instanceof String s) {
            return List.of(s);
        }
        if (aud instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** RFC 8693 section 4.1: delegation when the subject token's may_act names the actor. */
    private static Map<String, Object> actor(RealmRuntime rt, Request req, Map<String, Object> subject) {
        String actorToken = req.form("actor_token");
        String actorTokenType = req.form("actor_token_type");
        if (actorToken == null) {
            if (actorTokenType != null) {
                throw OAuthException.invalidRequest("Parameter 'actor_token_type' given without 'actor_token'");
            }
            return null;
        }
        if (!ACCESS_TOKEN_TYPE.equals(actorTokenType)) {
            throw OAuthException.invalidRequest("Parameter 'actor_token_type' must be " + ACCESS_TOKEN_TYPE);
        }
        Map<String, Object> actor = rt.verify(actorToken, "Bearer")
                .orElseThrow(() -> OAuthException.invalidRequest("Invalid actor token"));
        if (!(subject.get("may_act") instanceof Map<?, ?> mayAct) || mayAct.isEmpty()
                || !mayAct.entrySet().stream().allMatch(en -> Objects.equals(en.getValue(), actor.get(String.valueOf(en.getKey()))))) {
            throw new OAuthException(403, "access_denied", "The subject token does not allow this actor (may_act)");
        }
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("sub", actor.get("sub"));
        if (actor.get("azp") != null) {
            act.put("client_id", actor.get("azp"));
        }
        if (subject.get("act") != null) {
            act.put("act", subject.get("act"));
        }
        return act;
    }

    // ---- writing answers

    private static void checkOffline(Evaluation e) {
        if (e.scopes().stream().anyMatch(s -> s.name().equals("offline_access"))
                && !e.roles().contains(RoleId.realm("offline_access"))) {
            throw new OAuthException(400, "not_allowed", "Offline tokens not allowed for the user or client");
        }
    }

    public record Issued(String accessToken, long lifetime, String jti, Instant now) {
    }

    public static long lifetime(RealmRuntime rt, Client client) {
        String lifespan = client.attribute("access.token.lifespan");
        return lifespan == null || lifespan.isBlank() ? rt.model().accessTokenLifespan() : Long.parseLong(lifespan.trim());
    }

    public static Issued issue(RealmRuntime rt, Evaluation e, Session session, String nonce, String remote,
            Map<String, Object> act) {
        return issue(rt, e, session, nonce, remote, act, (String) null);
    }

    /** As {@link #issue(RealmRuntime, Evaluation, Session, String, String, Map)}, bound to DPoP key {@code jkt} when not null. */
    public static Issued issue(RealmRuntime rt, Evaluation e, Session session, String nonce, String remote,
            Map<String, Object> act, String jkt) {
        return issue(rt, e, session, nonce, remote, act, new Binding(jkt, null));
    }

    /** As {@link #issue(RealmRuntime, Evaluation, Session, String, String, Map)}, with the binding's {@code cnf}. */
    static Issued issue(RealmRuntime rt, Evaluation e, Session session, String nonce, String remote,
            Map<String, Object> act, Binding binding) {
        String jkt = binding.jkt();
        Instant now = rt.now();
        long lifetime = lifetime(rt, e.client());
        String jti = RealmRuntime.randomId();
        Map<String, Object> claims = Claims.accessToken(e, new Issue(rt.issuer(), now, lifetime, jti,
                session == null ? null : session.id(), session == null ? null : session.authTime(), nonce, remote));
        if (act != null) {
            claims.put("act", act);
        }
        if (jkt != null) {
            // as Keycloak 26.7.3 writes a DPoP-bound access token (measured)
            claims.put("typ", "DPoP");
        }
        if (!binding.unbound()) {
            claims.put("cnf", binding.confirmation(true));
        }
        Client client = e.client();
        boolean lightweight = "true".equals(client.attribute(LIGHTWEIGHT));
        String token;
        if ("true".equals(client.attribute(OPAQUE))) {
            token = rt.storeOpaque(claims);
        } else if (lightweight) {
            rt.rememberFullClaims(claims);
            Map<String, Object> written = new LinkedHashMap<>();
            claims.forEach((k, v) -> {
                if (LIGHTWEIGHT_CLAIMS.contains(k)) {
                    written.put(k, v);
                }
            });
            token = rt.sign(written, rt.algorithmFor(client, true));
        } else {
            token = rt.sign(claims, rt.algorithmFor(client, true));
        }
        return new Issued(token, lifetime, jti, now);
    }

    private static String idTokenFor(RealmRuntime rt, Evaluation e, Issued issued, Session session, String nonce,
            String accessToken) {
        return rt.sign(Claims.idToken(e, new Issue(rt.issuer(), issued.now(), issued.lifetime(), RealmRuntime.randomId(),
                session == null ? null : session.id(), session == null ? null : session.authTime(), nonce, null),
                accessToken == null ? null : RealmRuntime.accessTokenHash(accessToken, rt.algorithmFor(e.client(), false))),
                rt.algorithmFor(e.client(), false));
    }

    private static Map<String, Object> respond(RealmRuntime rt, Evaluation e, Session session, String nonce, String remote,
            String scopeParam, boolean withRefresh, List<String> resources, Binding binding) {
        Issued issued = issue(rt, e, session, nonce, remote, null, binding);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        body.put("expires_in", issued.lifetime());
        if (withRefresh && session != null) {
            addRefresh(rt, e, session, scopeParam, body, resources, binding);
        } else {
            body.put("refresh_expires_in", 0);
        }
        body.put("token_type", binding.jkt() == null ? "Bearer" : "DPoP");
        if (e.openid()) {
            body.put("id_token", idTokenFor(rt, e, issued, session, nonce, issued.accessToken()));
        }
        body.put("not-before-policy", 0);
        if (session != null) {
            body.put("session_state", session.id());
        }
        body.put("scope", e.scope());
        return body;
    }

    private static void addRefresh(RealmRuntime rt, Evaluation e, Session session, String scopeParam, Map<String, Object> body,
            List<String> resources, Binding binding) {
        Instant now = rt.now();
        Instant exp = now.plusSeconds(rt.model().ssoSessionIdleTimeout());
        Instant sessionEnd = session.started().plusSeconds(rt.model().ssoSessionMaxLifespan());
        if (sessionEnd.isBefore(exp)) {
            exp = sessionEnd;
        }
        String jti = RealmRuntime.randomId();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("exp", exp.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", jti);
        claims.put("iss", rt.issuer());
        claims.put("aud", rt.issuer());
        claims.put("sub", e.user().id());
        claims.put("typ", "Refresh");
        claims.put("azp", e.client().clientId());
        claims.put("sid", session.id());
        // As Keycloak 26.7.3's refresh tokens (pinned: password-*, refresh*): every effective client scope,
        // those left out of the access token's scope too; the access token's audience as aud_x; prov
        List<String> scopes = new ArrayList<>();
        if (e.openid()) {
            scopes.add("openid");
        }
        e.scopes().forEach(s -> scopes.add(s.name()));
        claims.put("scope", String.join(" ", scopes));
        List<String> audience = List.copyOf(e.audience().keySet());
        if (!audience.isEmpty()) {
            claims.put("aud_x", audience.size() == 1 ? audience.get(0) : audience);
        }
        claims.put("prov", "default");
        // RFC 9449 section 5: confidential clients authenticate to refresh, so only public clients' refresh tokens are
        // bound to their DPoP key; Keycloak binds every cert-bound client's refresh token to its certificate
        Map<String, Object> cnf = binding.confirmation(e.client().publicClient());
        if (!cnf.isEmpty()) {
            claims.put("cnf", cnf);
        }
        rt.storeRefresh(jti, new RefreshGrant(e.client().clientId(), e.user().id(), session.id(), scopeParam, exp, resources));
        body.put("refresh_expires_in", exp.getEpochSecond() - now.getEpochSecond());
        body.put("refresh_token", rt.signRefresh(claims));
    }

    /** What an issued token is bound to: a DPoP key's thumbprint, a certificate's {@code x5t#S256}, both or neither. */
    record Binding(String jkt, String x5t) {
        boolean unbound() {
            return jkt == null && x5t == null;
        }

        /** The {@code cnf} claim, with {@code jkt} only when {@code withJkt}; empty when nothing is bound. */
        Map<String, Object> confirmation(boolean withJkt) {
            Map<String, Object> cnf = new LinkedHashMap<>();
            if (jkt != null && withJkt) {
                cnf.put("jkt", jkt);
                // Keycloak 26.7.3 says which kind of key jkt names (pinned: dpop-password-grant)
                cnf.put("kc-jkt-type", "DPoP");
            }
            if (x5t != null) {
                cnf.put(CertificateBinding.CNF_MEMBER, x5t);
            }
            return cnf;
        }
    }

    /** The {@code cnf.jkt} of a token's claims, or null. */
    public static String boundThumbprint(Map<String, Object> claims) {
        return claims.get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt ? jkt : null;
    }
}
