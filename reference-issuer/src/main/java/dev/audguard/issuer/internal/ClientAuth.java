package dev.audguard.issuer.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.audguard.issuer.internal.RealmModel.Client;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Client authentication at the token and introspection endpoints: {@code client_secret_basic},
 * {@code client_secret_post} and {@code private_key_jwt} (RFC 7523), with Keycloak's error answers.
 *
 * <p>Thread-safe; holds only the shared HTTP client for {@code jwks.url} look-ups.
 */
public final class ClientAuth {

    public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final String BAD_CREDENTIALS = "Invalid client or Invalid client credentials";
    private static final String JWT_FAILED = "Client authentication with signed JWT failed: ";
    private static final long SKEW_SECONDS = 15;
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private final Supplier<HttpClient> http;

    public ClientAuth(Supplier<HttpClient> http) {
        this.http = http;
    }

    /** The authenticated client; the request remembers its id for the request log. */
    public Client authenticate(RealmRuntime rt, Request req) {
        Client client = authenticateClient(rt, req);
        req.authenticatedClient(client.clientId());
        return client;
    }

    /** The client id a Basic header names, for the request log; empty when there is none or it is malformed. */
    public static Optional<String> basicClientId(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            return Optional.of(decodeBasic(authorization.substring(6).trim())[0]);
        } catch (OAuthException e) {
            return Optional.empty();
        }
    }

    private Client authenticateClient(RealmRuntime rt, Request req) {
        String authorization = req.header("Authorization");
        String basicId = null;
        String basicSecret = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] pair = decodeBasic(authorization.substring(6).trim());
            basicId = pair[0];
            basicSecret = pair[1];
        }
        String assertion = req.form("client_assertion");
        String assertionType = req.form("client_assertion_type");
        String formId = req.form("client_id");
        String formSecret = req.form("client_secret");
        int methods = (basicId != null ? 1 : 0) + (formSecret != null ? 1 : 0) + (assertion != null || assertionType != null ? 1 : 0);
        if (methods > 1) {
            throw OAuthException.invalidRequest("Only one client authentication method may be used");
        }
        if (assertion != null || assertionType != null) {
            return signedJwt(rt, req, assertionType, assertion, formId);
        }
        boolean basic = basicId != null;
        String clientId = basic ? basicId : formId;
        if (clientId == null) {
            throw OAuthException.invalidRequest("Missing parameter: client_id");
        }
        if (basic && formId != null && !formId.equals(basicId)) {
            throw OAuthException.invalidRequest("client_id does not match the authenticated client");
        }
        Client client = rt.model().client(clientId).filter(Client::enabled)
                .orElseThrow(() -> unauthorized(rt, "invalid_client", BAD_CREDENTIALS, basic));
        if (client.bearerOnly()) {
            throw new OAuthException(400, "unauthorized_client", "Bearer-only clients cannot request tokens");
        }
        if (client.publicClient()) {
            return client;
        }
        if (client.usesSignedJwt()) {
            throw new OAuthException(400, "invalid_client", JWT_FAILED + "Parameter client_assertion_type is missing");
        }
        if (!"client-secret".equals(client.authenticatorType())) {
            throw unauthorized(rt, "unauthorized_client", BAD_CREDENTIALS, basic);
        }
        String presented = basic ? basicSecret : formSecret;
        if (presented == null) {
            throw unauthorized(rt, "unauthorized_client", "Client secret not provided in request", basic);
        }
        if (client.secret() == null || !MessageDigest.isEqual(client.secret().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8))) {
            throw unauthorized(rt, "unauthorized_client", BAD_CREDENTIALS, basic);
        }
        return client;
    }

    private static OAuthException unauthorized(RealmRuntime rt, String error, String description, boolean basic) {
        return new OAuthException(401, error, description,
                basic ? Map.of("WWW-Authenticate", "Basic realm=\"" + rt.model().name() + "\"") : Map.of());
    }

    /** RFC 6749 section 2.3.1: id and secret are form-urlencoded before they are joined. */
    private static String[] decodeBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException();
            }
            return new String[] {
                URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("Malformed Basic authorization header");
        }
    }

    // ---- private_key_jwt, checked in Keycloak's order

    private Client signedJwt(RealmRuntime rt, Request req, String type, String assertion, String formId) {
        if (!JWT_BEARER.equals(type)) {
            throw jwtFailure("Parameter client_assertion_type must be " + JWT_BEARER);
        }
        if (assertion == null) {
            throw jwtFailure("Parameter client_assertion is missing");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw jwtFailure("Malformed client_assertion");
        }
        String sub = claims.getSubject();
        if (sub == null) {
            throw jwtFailure("Token sub claim is required");
        }
        if (!sub.equals(claims.getIssuer())) {
            throw jwtFailure("Token iss claim must equal its sub claim");
        }
        Client client = rt.model().client(sub).filter(Client::enabled)
                .orElseThrow(() -> jwtFailure("Client not found"));
        if (formId != null && !formId.equals(sub)) {
            throw jwtFailure("client_id parameter does not match authenticated client");
        }
        if (!client.usesSignedJwt()) {
            throw jwtFailure("Client is not configured for signed JWT authentication");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        String pinned = client.attribute("token.endpoint.auth.signing.alg");
        if (!ASYMMETRIC.contains(alg) || pinned != null && !pinned.isEmpty() && !pinned.equals(alg.getName())) {
            throw jwtFailure("Invalid signature algorithm");
        }
        if (jwt.getHeader().getCriticalParams() != null && !jwt.getHeader().getCriticalParams().isEmpty()) {
            throw jwtFailure("Unsupported critical header parameters");
        }
        Key key = publicKey(client, jwt).orElseThrow(() -> new OAuthException(400, "invalid_client", "Unable to load public key"));
        try {
            JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), key);
            if (!jwt.verify(verifier)) {
                throw jwtFailure("Signature on JWT token failed validation");
            }
        } catch (JOSEException e) {
            throw jwtFailure("Signature on JWT token failed validation");
        }
        List<String> aud = claims.getAudience();
        if (aud.size() > 1) {
            throw jwtFailure("Multiple audiences not allowed");
        }
        Set<String> allowed = Set.of(rt.issuer(), rt.endpoint("protocol/openid-connect/token").toString(),
                rt.endpoint("protocol/openid-connect/token/introspect").toString());
        if (aud.isEmpty() || !allowed.contains(aud.get(0))) {
            throw jwtFailure("Invalid token audience");
        }
        Instant now = rt.now();
        long nowSeconds = now.getEpochSecond();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw jwtFailure("Token exp claim is required");
        }
        long expSeconds = exp.toInstant().getEpochSecond();
        Date nbf = claims.getNotBeforeTime();
        if (expSeconds + SKEW_SECONDS < nowSeconds || nbf != null && nbf.toInstant().getEpochSecond() > nowSeconds + SKEW_SECONDS) {
            throw jwtFailure("Token is not active");
        }
        long maxExp = maxExpiration(client);
        Date iat = claims.getIssueTime();
        if (iat != null) {
            long iatSeconds = iat.toInstant().getEpochSecond();
            if (iatSeconds > nowSeconds + SKEW_SECONDS) {
                throw jwtFailure("Token was issued in the future");
            }
            if (nowSeconds > iatSeconds + maxExp) {
                throw jwtFailure("Token was issued too far in the past to be used now");
            }
        } else if (expSeconds - nowSeconds > maxExp) {
            throw jwtFailure("Token expiration is too far in the future");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isEmpty()) {
            throw jwtFailure("Token jti claim is required");
        }
        if (!rt.firstUseOfAssertion(client.clientId(), jti, Instant.ofEpochSecond(expSeconds + SKEW_SECONDS))) {
            throw jwtFailure("Token reuse detected");
        }
        return client;
    }

    private static long maxExpiration(Client client) {
        String configured = client.attribute("token.endpoint.auth.signing.max.exp");
        try {
            return configured == null || configured.isBlank() ? 60 : Math.max(1, Long.parseLong(configured.trim()));
        } catch (NumberFormatException e) {
            return 60;
        }
    }

    private static OAuthException jwtFailure(String why) {
        return new OAuthException(400, "invalid_client", JWT_FAILED + why);
    }

    private Optional<Key> publicKey(Client client, SignedJWT jwt) {
        Optional<JWKSet> jwks = Optional.empty();
        if ("true".equals(client.attribute("use.jwks.string"))) {
            try {
                jwks = Optional.of(JWKSet.parse(client.attribute("jwks.string")));
            } catch (ParseException e) {
                jwks = Optional.empty();
            }
        } else if ("true".equals(client.attribute("use.jwks.url"))) {
            jwks = fetch(client.attribute("jwks.url"));
        }
        String kid = jwt.getHeader().getKeyID();
        return jwks.flatMap(set -> set.getKeys().stream()
                .filter(k -> k instanceof AsymmetricJWK)
                .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
                .filter(k -> kid == null ? set.getKeys().size() == 1 : kid.equals(k.getKeyID()))
                .findFirst())
                .flatMap(ClientAuth::toPublicKey);
    }

    private static Optional<Key> toPublicKey(JWK jwk) {
        try {
            return Optional.of(((AsymmetricJWK) jwk).toPublicKey());
        } catch (JOSEException e) {
            return Optional.empty();
        }
    }

    private Optional<JWKSet> fetch(String url) {
        try {
            HttpResponse<String> response = http.get().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JWKSet.parse(response.body())) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
