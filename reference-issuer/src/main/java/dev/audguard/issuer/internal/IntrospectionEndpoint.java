package dev.audguard.issuer.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.audguard.issuer.internal.RealmModel.Client;
import dev.audguard.issuer.internal.RealmModel.User;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST {issuer}/protocol/openid-connect/token/introspect} (RFC 7662), as Keycloak 26.7.3 answers it,
 * and RFC 9701 signed answers, which Keycloak does not have:
 * <ul>
 *   <li>Keycloak answers {@code active: true} only to a client in the token's audience (a refresh token
 *       only to the client it was issued to); a public client is refused.</li>
 *   <li>Keycloak (since 25, {@code AccessTokenIntrospectionProvider}): when the request's {@code Accept}
 *       is exactly {@code application/jwt} and the calling client has the attribute
 *       {@value #KEYCLOAK_JWT_CLAIM} {@code "true"}, an active answer gains a {@code jwt} member, the
 *       full access token re-signed (how a lightweight token is turned into a full one). The answer
 *       stays {@code application/json}. Any other {@code Accept}, {@code application/token-introspection+jwt}
 *       included, gets the plain JSON answer: Keycloak 26 does not implement RFC 9701 and its
 *       discovery does not list {@code introspection_signing_alg_values_supported}.</li>
 *   <li>This issuer's own client attribute {@value #SIGNED_RESPONSE_ALG} (an algorithm; RFC 9701's
 *       client metadata {@code introspection_signed_response_alg} in Keycloak's attribute spelling)
 *       makes the answer to that client, when it sends {@code Accept: application/token-introspection+jwt},
 *       an RFC 9701 JWT: header {@code typ: token-introspection+jwt} and the realm key's {@code kid},
 *       {@code iss} the issuer, {@code aud} the calling client, {@code iat} now, a {@code jti}, and the
 *       RFC 7662 members as {@code token_introspection}; {@code Content-Type: application/token-introspection+jwt}.
 *       Discovery then lists the algorithms as {@code introspection_signing_alg_values_supported}.</li>
 * </ul>
 * Not API. Thread-safe (stateless).
 */
public final class IntrospectionEndpoint {
    /** Keycloak's client attribute: the {@code jwt} member on {@code Accept: application/jwt}. */
    public static final String KEYCLOAK_JWT_CLAIM = "client.introspection.response.allow.jwt.claim.enabled";
    /** This issuer's own client attribute (Keycloak has none): RFC 9701 signed answers with this algorithm. */
    public static final String SIGNED_RESPONSE_ALG = "introspection.signed.response.alg";
    static final String JWT_MEDIA_TYPE = "application/token-introspection+jwt";

    private final ClientAuth clientAuth;

    IntrospectionEndpoint(ClientAuth clientAuth) {
        this.clientAuth = clientAuth;
    }

    /** The algorithms some client of the realm has RFC 9701 answers signed with, for discovery; empty: none. */
    static List<String> signingAlgorithms(RealmRuntime rt) {
        Set<String> algorithms = new LinkedHashSet<>();
        for (Client c : rt.model().clients().values()) {
            String alg = c.attribute(SIGNED_RESPONSE_ALG);
            if (alg != null && !alg.isBlank()) {
                algorithms.add(alg);
            }
        }
        return List.copyOf(algorithms);
    }

    /** Answers the request: plain JSON, Keycloak's JSON with {@code jwt}, or an RFC 9701 JWT. */
    void handle(RealmRuntime rt, Request req) {
        Client caller;
        try {
            caller = clientAuth.authenticate(rt, req);
        } catch (OAuthException e) {
            // Keycloak 26.7.3's introspection endpoint words every failed client authentication alike (pinned)
            throw e.status() == 401 ? new OAuthException(401, "invalid_client", "Client authentication failed.", e.headers()) : e;
        }
        if (caller.publicClient()) {
            throw new OAuthException(403, "access_denied", "Public clients may not introspect tokens");
        }
        String token = req.form("token");
        if (token == null) {
            throw OAuthException.invalidRequest("Missing parameter: token");
        }
        String callerId = caller.clientId();
        Optional<Map<String, Object>> claims = rt.accessTokenClaims(token).or(() -> rt.verify(token, "ID"))
                .filter(c -> !rt.isRevokedSession((String) c.get("sid")))
                .filter(c -> TokenEndpoint.audienceOf(c).contains(callerId));
        String tokenType = "Bearer";
        boolean access = claims.isPresent();
        if (claims.isEmpty()) {
            // The same rule as for access tokens: Keycloak 26.7.3 answers active only to a caller in the
            // token's aud, and a refresh token's aud is the realm's issuer URL, so even the client it was
            // issued to gets active: false (pinned: introspect-refresh-token)
            claims = rt.verifyRefresh(token).filter(c -> !rt.isRevokedSession((String) c.get("sid")))
                    .filter(c -> TokenEndpoint.audienceOf(c).contains(callerId));
            tokenType = "Refresh";
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (claims.isPresent()) {
            out.putAll(claims.get());
            Object sub = out.get("sub");
            rt.model().userById(String.valueOf(sub)).map(User::username).ifPresent(u -> out.putIfAbsent("username", u));
            out.put("client_id", out.get("azp"));
            out.putIfAbsent("token_type", tokenType);
            out.put("active", true);
            String accept = req.header("Accept");
            // Keycloak compares the whole header with equals: "application/jwt, */*" gets no jwt member
            if (access && "application/jwt".equals(accept) && "true".equals(caller.attribute(KEYCLOAK_JWT_CLAIM))) {
                out.put("jwt", rt.sign(claims.get(), rt.algorithmFor(caller, true)));
            }
        } else {
            out.put("active", false);
        }
        String alg = caller.attribute(SIGNED_RESPONSE_ALG);
        if (alg != null && !alg.isBlank() && accepts(req.header("Accept"), JWT_MEDIA_TYPE)) {
            req.send(200, JWT_MEDIA_TYPE, signed(rt, callerId, JWSAlgorithm.parse(alg), out).getBytes(StandardCharsets.US_ASCII),
                    Map.of("Cache-Control", "no-store"));
            return;
        }
        req.json(200, out, Map.of("Cache-Control", "no-store"));
    }

    /** Whether an {@code Accept} value lists {@code type} (parameters and q-values ignored; q=0 refuses). */
    static boolean accepts(String accept, String type) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            if (parts[0].trim().equalsIgnoreCase(type)) {
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim().toLowerCase(Locale.ROOT);
                    if (p.startsWith("q=") && p.substring(2).trim().matches("0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** RFC 9701 section 5: the answer as a JWT for {@code audience}, signed with the realm's key for {@code alg}. */
    private static String signed(RealmRuntime rt, String audience, JWSAlgorithm alg, Map<String, Object> members) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", rt.issuer());
        claims.put("aud", audience);
        claims.put("iat", rt.now().getEpochSecond());
        claims.put("jti", RealmRuntime.randomSecret());
        claims.put("token_introspection", members);
        JWK key = rt.keys().signingKey(alg);
        JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).type(new JOSEObjectType("token-introspection+jwt"))
                .keyID(key.getKeyID()).build(), new Payload(claims));
        try {
            jws.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jws.serialize();
    }
}
