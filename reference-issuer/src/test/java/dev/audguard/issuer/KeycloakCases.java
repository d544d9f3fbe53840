package dev.audguard.issuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.net.URI;
import java.net.http.HttpRequest;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fixed list of requests pinned against Keycloak 26.7.3, run against any server that serves the
 * demo realm ({@code samples/realm-demo.json}, the issuer's built-in realm) at Keycloak's paths, and
 * the normalisation of their answers.
 *
 * <p>{@code RecordKeycloakAnswers} runs it against a real Keycloak and writes the fixtures;
 * {@code KeycloakPinnedAnswersIT} runs it against the reference issuer and compares. Normalised away
 * is only what legitimately differs between runs and servers: signatures (tokens are decoded, not
 * kept), {@code kid}, {@code jti}, {@code sid}, {@code session_state}, {@code sub} and other random
 * ids (kept as {@code "<string>"}: present, a string), {@code iat}/{@code auth_time}/{@code nbf}
 * ({@code "<number>"}), {@code exp} (as {@code "iat+N"}: the lifetime is semantics, rounded when it is a
 * second or two off a multiple of ten), {@code expires_in} a second or two off that lifetime (Keycloak
 * counts from the moment it answers), the server's
 * {@code http://host:port} ({@code "{base}"}) and the DPoP key's thumbprint. Everything else is kept:
 * {@code aud} (an array sorted, a string stays a string), {@code scope} (words sorted), roles,
 * {@code typ}, {@code azp}, lifetimes, HTTP status, error codes and descriptions.
 */
final class KeycloakCases {

    /** The Keycloak version the fixtures were recorded from; also their directory's name. */
    static final String KEYCLOAK_VERSION = "26.7.3";

    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    static final String REFRESH_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:refresh_token";

    private static final Set<String> TOKEN_MEMBERS = Set.of("access_token", "refresh_token", "id_token");
    private static final Set<String> RANDOM_IDS = Set.of("jti", "sid", "session_state", "sub", "kid", "at_hash", "nonce");
    private static final Set<String> INSTANTS = Set.of("iat", "auth_time", "nbf");
    private static final List<String> DISCOVERY_MEMBERS = List.of(
            "issuer", "authorization_endpoint", "token_endpoint", "introspection_endpoint", "userinfo_endpoint",
            "end_session_endpoint", "revocation_endpoint", "jwks_uri", "grant_types_supported",
            "response_types_supported", "response_modes_supported", "subject_types_supported",
            "id_token_signing_alg_values_supported", "token_endpoint_auth_methods_supported",
            "token_endpoint_auth_signing_alg_values_supported", "introspection_endpoint_auth_methods_supported",
            "revocation_endpoint_auth_methods_supported", "code_challenge_methods_supported",
            "dpop_signing_alg_values_supported", "tls_client_certificate_bound_access_tokens",
            "mtls_endpoint_aliases", "scopes_supported", "claims_parameter_supported",
            "authorization_response_iss_parameter_supported", "backchannel_logout_supported");

    /** One pinned request (or short sequence), by a stable name that is also its fixture's file name. */
    record Case(String name, String description, Function<KeycloakCases, Map<String, Object>> run) {
    }

    private final String base;
    private final String realmUrl;
    private final URI token;
    private final URI introspect;
    private final URI revoke;
    private final URI userinfo;
    private String dpopThumbprint = "";

    /** @param realmUrl the demo realm's issuer URL, {@code http://host:port/realms/demo} */
    KeycloakCases(String realmUrl) {
        this.realmUrl = realmUrl;
        this.base = realmUrl.substring(0, realmUrl.indexOf("/realms/"));
        this.token = URI.create(realmUrl + "/protocol/openid-connect/token");
        this.introspect = URI.create(realmUrl + "/protocol/openid-connect/token/introspect");
        this.revoke = URI.create(realmUrl + "/protocol/openid-connect/revoke");
        this.userinfo = URI.create(realmUrl + "/protocol/openid-connect/userinfo");
    }

    /** Runs every case in order; the answers are normalised. */
    Map<String, Map<String, Object>> runAll() {
        Map<String, Map<String, Object>> answers = new LinkedHashMap<>();
        for (Case c : CASES) {
            answers.put(c.name(), fixture(c, c.run().apply(this)));
        }
        return answers;
    }

    static Map<String, Object> fixture(Case c, Map<String, Object> answer) {
        Map<String, Object> fixture = new LinkedHashMap<>();
        fixture.put("case", c.name());
        fixture.put("request", c.description());
        fixture.put("answer", answer);
        return fixture;
    }

    static final List<Case> CASES = List.of(
            new Case("discovery", "GET /.well-known/openid-configuration (the members that matter)",
                    k -> k.discovery()),
            new Case("jwks", "GET /protocol/openid-connect/certs (kty, alg, use and member names per key)",
                    k -> k.jwks()),
            new Case("password-alice-service-a", "password grant, alice at service-a (audience mapper to service-b)",
                    k -> k.tokenAnswer(k.post("service-a", "a-secret", password("alice")))),
            new Case("password-bob-service-a", "password grant, bob (client role reports-api/viewer) at service-a",
                    k -> k.tokenAnswer(k.post("service-a", "a-secret", password("bob")))),
            new Case("password-alice-scope-good-service", "password grant, alice at service-a, scope=good-service (optional scope with an audience mapper)",
                    k -> k.tokenAnswer(k.post("service-a", "a-secret", with(password("alice"), "scope", "good-service")))),
            new Case("password-alice-scope-openid", "password grant, alice at service-a, scope=openid (ID token)",
                    k -> k.tokenAnswer(k.post("service-a", "a-secret", with(password("alice"), "scope", "openid")))),
            new Case("password-alice-scope-offline-access", "password grant, alice at service-a, scope=offline_access",
                    k -> k.tokenAnswer(k.post("service-a", "a-secret", with(password("alice"), "scope", "offline_access")))),
            new Case("password-invalid-scope", "password grant, scope=service-c (a scope service-a does not have)",
                    k -> k.tokenAnswer(k.post("service-a", "a-secret", with(password("alice"), "scope", "service-c")))),
            new Case("password-wrong-password", "password grant, alice with a wrong password",
                    k -> k.tokenAnswer(k.post("service-a", "a-secret", Map.of("grant_type", "password", "username", "alice", "password", "wrong")))),
            new Case("password-unknown-user", "password grant, a user the realm does not have",
                    k -> k.tokenAnswer(k.post("service-a", "a-secret", Map.of("grant_type", "password", "username", "mallory", "password", "x")))),
            new Case("password-client-without-direct-access", "password grant at service-b (directAccessGrantsEnabled false)",
                    k -> k.tokenAnswer(k.post("service-b", "b-secret", password("alice")))),
            new Case("client-credentials-service-a", "client_credentials, service-a (client_secret_basic)",
                    k -> k.tokenAnswer(k.post("service-a", "a-secret", Map.of("grant_type", "client_credentials")))),
            new Case("client-credentials-service-b", "client_credentials, service-b (default scope service-c with an audience mapper)",
                    k -> k.tokenAnswer(k.post("service-b", "b-secret", Map.of("grant_type", "client_credentials")))),
            new Case("client-credentials-secret-post", "client_credentials, service-c with client_id and client_secret in the form",
                    k -> k.tokenAnswer(k.postForm(Map.of("grant_type", "client_credentials", "client_id", "service-c", "client_secret", "c-secret")))),
            new Case("client-credentials-bad-secret", "client_credentials, service-a with a wrong secret",
                    k -> k.tokenAnswer(k.post("service-a", "wrong", Map.of("grant_type", "client_credentials")))),
            new Case("client-credentials-unknown-client", "client_credentials, a client the realm does not have",
                    k -> k.tokenAnswer(k.post("nobody", "x", Map.of("grant_type", "client_credentials")))),
            new Case("client-credentials-no-service-account", "client_credentials, good-service (serviceAccountsEnabled false)",
                    k -> k.tokenAnswer(k.post("good-service", "good-secret", Map.of("grant_type", "client_credentials")))),
            new Case("unsupported-grant-type", "grant_type=urn:example:unknown",
                    k -> k.tokenAnswer(k.post("service-a", "a-secret", Map.of("grant_type", "urn:example:unknown")))),
            new Case("exchange-without-audience", "token exchange by service-b of alice's token from service-a, no audience",
                    k -> k.tokenAnswer(k.post("service-b", "b-secret", exchange(k.aliceAtServiceA())))),
            new Case("exchange-audience-service-c", "token exchange by service-b, audience=service-c",
                    k -> k.tokenAnswer(k.post("service-b", "b-secret", with(exchange(k.aliceAtServiceA()), "audience", "service-c")))),
            new Case("exchange-audience-not-available", "token exchange by service-b, audience=reports-api (exists, not available to service-b)",
                    k -> k.tokenAnswer(k.post("service-b", "b-secret", with(exchange(k.aliceAtServiceA()), "audience", "reports-api")))),
            new Case("exchange-audience-unknown", "token exchange by service-b, audience=no-such-client",
                    k -> k.tokenAnswer(k.post("service-b", "b-secret", with(exchange(k.aliceAtServiceA()), "audience", "no-such-client")))),
            new Case("exchange-requester-not-in-audience", "token exchange by service-x (not in the subject token's aud)",
                    k -> k.tokenAnswer(k.post("service-x", "x-secret", exchange(k.aliceAtServiceA())))),
            new Case("exchange-subject-token-of-other-audience", "token exchange by service-b of service-c's client-credentials token (aud lacks service-b)",
                    k -> k.tokenAnswer(k.post("service-b", "b-secret", exchange(k.accessToken(k.post("service-c", "c-secret", Map.of("grant_type", "client_credentials"))))))),
            new Case("exchange-client-not-enabled", "token exchange by service-c (standard.token.exchange.enabled not set) of service-b's token with aud service-c",
                    k -> k.tokenAnswer(k.post("service-c", "c-secret", exchange(k.accessToken(k.post("service-b", "b-secret", Map.of("grant_type", "client_credentials"))))))),
            new Case("exchange-invalid-subject-token", "token exchange by service-b with subject_token=not-a-token",
                    k -> k.tokenAnswer(k.post("service-b", "b-secret", exchange("not-a-token")))),
            new Case("exchange-refresh-token-type-not-enabled", "token exchange by service-b, requested_token_type refresh_token (not enabled for the client)",
                    k -> k.tokenAnswer(k.post("service-b", "b-secret", with(exchange(k.aliceAtServiceA()), "requested_token_type", REFRESH_TOKEN_TYPE)))),
            new Case("refresh", "refresh grant with alice's refresh token from service-a",
                    k -> k.tokenAnswer(k.post("service-a", "a-secret", refresh(k.aliceRefreshAtServiceA())))),
            new Case("refresh-reuse", "the same refresh token used twice (realm default: reuse allowed); the second answer",
                    k -> {
                        String refresh = k.aliceRefreshAtServiceA();
                        k.post("service-a", "a-secret", refresh(refresh));
                        return k.tokenAnswer(k.post("service-a", "a-secret", refresh(refresh)));
                    }),
            new Case("refresh-by-other-client", "service-c presents alice's refresh token issued to service-a",
                    k -> k.tokenAnswer(k.post("service-c", "c-secret", refresh(k.aliceRefreshAtServiceA())))),
            new Case("refresh-invalid-token", "refresh grant with refresh_token=not-a-token",
                    k -> k.tokenAnswer(k.post("service-a", "a-secret", refresh("not-a-token")))),
            new Case("introspect-by-audience", "service-b introspects alice's token from service-a (service-b is in its aud)",
                    k -> k.answer(k.postTo(k.introspect, "service-b", "b-secret", Map.of("token", k.aliceAtServiceA())))),
            new Case("introspect-by-azp-not-in-audience", "service-a introspects its own token for alice (azp, not in aud)",
                    k -> k.answer(k.postTo(k.introspect, "service-a", "a-secret", Map.of("token", k.aliceAtServiceA())))),
            new Case("introspect-refresh-token", "service-a introspects alice's refresh token issued to it",
                    k -> k.answer(k.postTo(k.introspect, "service-a", "a-secret", Map.of("token", k.aliceRefreshAtServiceA())))),
            new Case("introspect-garbage", "service-b introspects token=not-a-token",
                    k -> k.answer(k.postTo(k.introspect, "service-b", "b-secret", Map.of("token", "not-a-token")))),
            new Case("introspect-bad-client-secret", "introspection by service-b with a wrong secret",
                    k -> k.answer(k.postTo(k.introspect, "service-b", "wrong", Map.of("token", "not-a-token")))),
            new Case("revoke-refresh-then-use", "service-a revokes alice's refresh token, then introspects it, refreshes with it and introspects (as service-b) the access token of that session",
                    k -> k.revokeThenUse()),
            new Case("revoke-by-other-client", "service-c revokes alice's refresh token issued to service-a",
                    k -> k.answer(k.postTo(k.revoke, "service-c", "c-secret", Map.of("token", k.aliceRefreshAtServiceA(), "token_type_hint", "refresh_token")))),
            new Case("userinfo", "GET userinfo with alice's access token from service-a",
                    k -> k.answer(k.send(dev.audguard.testsupport.Http.request(k.userinfo, "Bearer " + k.aliceAtServiceA())), "WWW-Authenticate")),
            new Case("userinfo-openid", "GET userinfo with alice's access token from service-a, scope=openid",
                    k -> k.answer(k.send(dev.audguard.testsupport.Http.request(k.userinfo, "Bearer "
                            + k.accessToken(k.post("service-a", "a-secret", with(password("alice"), "scope", "openid"))))), "WWW-Authenticate")),
            new Case("userinfo-without-token", "GET userinfo without a token",
                    k -> k.answer(k.send(dev.audguard.testsupport.Http.request(k.userinfo)), "WWW-Authenticate")),
            new Case("userinfo-garbage-token", "GET userinfo with Bearer not-a-token",
                    k -> k.answer(k.send(dev.audguard.testsupport.Http.request(k.userinfo, "Bearer not-a-token")), "WWW-Authenticate")),
            new Case("dpop-password-grant", "password grant, alice at service-a, with a DPoP proof (ES256)",
                    k -> k.tokenAnswer(k.dpopPasswordGrant())));

    // ---- requests

    private static Map<String, String> password(String user) {
        return Map.of("grant_type", "password", "username", user, "password", user);
    }

    private static Map<String, String> refresh(String refreshToken) {
        return Map.of("grant_type", "refresh_token", "refresh_token", refreshToken);
    }

    private static Map<String, String> exchange(String subjectToken) {
        return Map.of("grant_type", TOKEN_EXCHANGE, "subject_token", subjectToken, "subject_token_type", ACCESS_TOKEN_TYPE);
    }

    private static Map<String, String> with(Map<String, String> form, String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(form);
        more.put(name, value);
        return more;
    }

    private Http.Answer post(String clientId, String secret, Map<String, String> form) {
        return postTo(token, clientId, secret, form);
    }

    private Http.Answer postTo(URI uri, String clientId, String secret, Map<String, String> form) {
        return send(dev.audguard.testsupport.Http.request("POST", uri, Http.basic(clientId, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(form))));
    }

    private Http.Answer postForm(Map<String, String> form) {
        return send(dev.audguard.testsupport.Http.request("POST", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(form))));
    }

    private Http.Answer send(HttpRequest.Builder request) {
        return Http.send(request);
    }

    private String accessToken(Http.Answer answer) {
        return member(answer, "access_token");
    }

    private static String member(Http.Answer answer, String name) {
        if (answer.status() != 200 || !(answer.json().get(name) instanceof String value)) {
            throw new IllegalStateException("a step before the pinned request failed: HTTP " + answer.status()
                    + " " + answer.json().get("error") + " " + answer.json().get("error_description"));
        }
        return value;
    }

    private String aliceAtServiceA() {
        return accessToken(post("service-a", "a-secret", password("alice")));
    }

    private String aliceRefreshAtServiceA() {
        return member(post("service-a", "a-secret", password("alice")), "refresh_token");
    }

    private Map<String, Object> revokeThenUse() {
        Http.Answer login = post("service-a", "a-secret", password("alice"));
        String refresh = member(login, "refresh_token");
        String access = member(login, "access_token");
        Map<String, Object> steps = new LinkedHashMap<>();
        steps.put("1-revoke", answer(postTo(revoke, "service-a", "a-secret", Map.of("token", refresh, "token_type_hint", "refresh_token"))));
        steps.put("2-introspect-refresh", answer(postTo(introspect, "service-a", "a-secret", Map.of("token", refresh))));
        steps.put("3-refresh", tokenAnswer(post("service-a", "a-secret", refresh(refresh))));
        steps.put("4-introspect-access", answer(postTo(introspect, "service-b", "b-secret", Map.of("token", access))));
        return steps;
    }

    private Http.Answer dpopPasswordGrant() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).generate();
            dpopThumbprint = key.computeThumbprint().toString();
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                    .jwk(key.toPublicJWK()).build();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                    .claim("htm", "POST").claim("htu", token.toString()).issueTime(new Date()).build();
            SignedJWT proof = new SignedJWT(header, claims);
            proof.sign(new ECDSASigner(key));
            return send(dev.audguard.testsupport.Http.request("POST", token, Http.basic("service-a", "a-secret"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("DPoP", proof.serialize())
                    .POST(HttpRequest.BodyPublishers.ofString(Http.form(password("alice")))));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make a DPoP proof", e);
        }
    }

    // ---- answers

    private Map<String, Object> discovery() {
        Http.Answer answer = send(dev.audguard.testsupport.Http.request(URI.create(realmUrl + "/.well-known/openid-configuration")));
        Map<String, Object> all = answer.json();
        Map<String, Object> kept = new TreeMap<>();
        for (String name : DISCOVERY_MEMBERS) {
            if (all.containsKey(name)) {
                kept.put(name, all.get(name));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", answer.status());
        result.put("body", normalise(kept));
        return result;
    }

    private Map<String, Object> jwks() {
        Http.Answer answer = send(dev.audguard.testsupport.Http.request(URI.create(realmUrl + "/protocol/openid-connect/certs")));
        List<Map<String, Object>> keys = new ArrayList<>();
        for (Object o : (List<?>) answer.json().get("keys")) {
            Map<?, ?> jwk = (Map<?, ?>) o;
            Map<String, Object> summary = new TreeMap<>();
            for (String name : List.of("kty", "alg", "use", "crv")) {
                if (jwk.containsKey(name)) {
                    summary.put(name, jwk.get(name));
                }
            }
            summary.put("members", jwk.keySet().stream().map(String::valueOf).sorted().collect(Collectors.toList()));
            keys.add(summary);
        }
        keys.sort((a, b) -> PinnedJson.compact(a).compareTo(PinnedJson.compact(b)));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", answer.status());
        result.put("body", Map.of("keys", keys));
        result.put("headers", headers(answer, "Cache-Control"));
        return result;
    }

    /** A token endpoint answer: status, {@code Cache-Control}/{@code Pragma} (RFC 6749 section 5.1), body with tokens decoded. */
    private Map<String, Object> tokenAnswer(Http.Answer answer) {
        return answer(answer, "Cache-Control", "Pragma");
    }

    private Map<String, Object> answer(Http.Answer answer, String... headerNames) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", answer.status());
        Object body = answer.body().isBlank() ? "" : dev.audguard.issuer.internal.Json.parseObject(answer.body())
                .<Object>map(this::normalise).orElse("<not JSON>");
        result.put("body", body);
        if (headerNames.length > 0) {
            result.put("headers", headers(answer, headerNames));
        }
        return result;
    }

    private Map<String, Object> headers(Http.Answer answer, String... names) {
        Map<String, Object> kept = new TreeMap<>();
        for (String name : names) {
            String value = answer.header(name);
            kept.put(name.toLowerCase(java.util.Locale.ROOT), value == null ? PinnedJson.ABSENT : value.replace(base, "{base}"));
        }
        return kept;
    }

    private Map<String, Object> normalise(Map<String, Object> object) {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : object.entrySet()) {
            out.put(e.getKey(), normalise(e.getKey(), e.getValue(), object));
        }
        secondsLeft(out, "expires_in", "access_token");
        secondsLeft(out, "refresh_expires_in", "refresh_token");
        return out;
    }

    /**
     * Keycloak reads the clock separately for {@code iat} and {@code exp} (a loaded machine gave
     * {@code iat+301} for a 300 s token): a lifetime within two seconds of a multiple of ten is that
     * multiple; any other is kept as it is.
     */
    static long lifetime(long seconds) {
        long round = Math.round(seconds / 10.0) * 10;
        return Math.abs(round - seconds) <= 2 ? round : seconds;
    }

    /**
     * Keycloak computes {@code expires_in} as exp minus the time it answers, so a second that ticks
     * between the two gives 299 for a 300 s token: within two seconds of the token's (normalised)
     * lifetime, it is that lifetime. Any other value is kept, so a wrong {@code expires_in} still shows.
     */
    private static void secondsLeft(Map<String, Object> body, String member, String token) {
        if (body.get(member) instanceof Number left && body.get(token) instanceof Map<?, ?> decoded
                && decoded.get("claims") instanceof Map<?, ?> claims && claims.get("exp") instanceof String exp
                && exp.startsWith("iat+")) {
            long lifetime = Long.parseLong(exp.substring(4));
            if (Math.abs(lifetime - left.longValue()) <= 2) {
                body.put(member, lifetime);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Object normalise(String name, Object value, Map<String, Object> siblings) {
        if (TOKEN_MEMBERS.contains(name) && value instanceof String token) {
            return decoded(token);
        }
        if (RANDOM_IDS.contains(name)) {
            return value instanceof String ? "<string>" : value instanceof Number ? "<number>" : value;
        }
        if (INSTANTS.contains(name)) {
            return value instanceof Number ? "<number>" : value;
        }
        if (name.equals("exp") && value instanceof Number exp) {
            return siblings.get("iat") instanceof Number iat ? "iat+" + lifetime(exp.longValue() - iat.longValue()) : "<number>";
        }
        if (name.equals("jkt") && value instanceof String jkt) {
            return jkt.equals(dpopThumbprint) ? "<thumbprint of the DPoP proof key>" : jkt;
        }
        if (name.equals("scope") && value instanceof String scope) {
            return Arrays.stream(scope.trim().split(" +")).filter(s -> !s.isEmpty()).sorted().collect(Collectors.joining(" "));
        }
        if ((name.endsWith("_supported") || name.equals("roles")) && value instanceof List<?> list) {
            return list.stream().map(String::valueOf).sorted().collect(Collectors.toList());
        }
        if ((name.equals("aud") || name.equals("aud_x")) && value instanceof List<?> list) {
            return list.stream().map(v -> normalise("", v, Map.of())).map(String::valueOf).sorted().collect(Collectors.toList());
        }
        if (value instanceof String s) {
            return s.replace(base, "{base}");
        }
        if (value instanceof Map<?, ?> map) {
            return normalise((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> normalise("", v, Map.of())).collect(Collectors.toList());
        }
        return value;
    }

    private Object decoded(String token) {
        try {
            JWSObject jws = JWSObject.parse(token);
            Map<String, Object> decoded = new LinkedHashMap<>();
            decoded.put("header", normalise(jws.getHeader().toJSONObject()));
            decoded.put("claims", normalise(jws.getPayload().toJSONObject()));
            return decoded;
        } catch (ParseException | RuntimeException e) {
            return "<not a JWS>";
        }
    }
}
