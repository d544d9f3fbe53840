package dev.audguard.issuer.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.audguard.issuer.internal.RealmModel.Client;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token endpoint's side of DPoP, RFC 9449 section 5, as Keycloak 26 does it: a proof in the
 * {@code DPoP} header is checked (typ, algorithm, public {@code jwk}, signature, {@code htm},
 * {@code htu}, {@code iat}, single-use {@code jti}) and its key's RFC 7638 thumbprint becomes the
 * issued token's {@code cnf.jkt}; a client with the {@value #BOUND_ATTRIBUTE} attribute gets no token
 * without one.
 *
 * <p>The reference issuer does not use sdk-core's {@code DpopVerifier}: it is the independent oracle
 * the SDK is tested against, so it keeps its own reading of the RFC (and the token endpoint's proof
 * has no {@code ath}, which the resource-server check requires).
 *
 * <p>Thread-safe. Errors are Keycloak's {@code invalid_dpop_proof} with fixed wording; nothing the
 * caller sent is echoed or logged.
 */
public final class DpopProofs {

    /** Keycloak 26's client attribute ("Require DPoP bound tokens" in the admin console). */
    public static final String BOUND_ATTRIBUTE = "dpop.bound.access.tokens";
    /**
     * The reference issuer's own client attribute: proofs at the token endpoint must carry a server
     * nonce (RFC 9449 section 8). Keycloak 26.7 has no such setting yet (keycloak/keycloak#39042 is
     * open), hence the {@code reference-issuer.} prefix, as for the issuer's other own attributes.
     */
    public static final String NONCE_ATTRIBUTE = "reference-issuer.dpop.nonce.required";
    public static final String USE_DPOP_NONCE = "use_dpop_nonce";
    /** How long one nonce is current; the previous one is still taken, so a rotation never refuses a fresh nonce. */
    static final long NONCE_PERIOD_SECONDS = 60;
    /** What discovery lists as {@code dpop_signing_alg_values_supported}: Keycloak 26.7.3 lists EdDSA too, which needs Tink beside Nimbus (KeycloakPinnedAnswersIT). */
    public static final List<String> ALGORITHMS = List.of("ES256", "ES384", "ES512", "PS256", "PS384", "PS512",
            "RS256", "RS384", "RS512");
    public static final String INVALID_DPOP_PROOF = "invalid_dpop_proof";
    /** Keycloak's DPoP proof lifetime (10 s) and allowed clock skew (15 s). */
    private static final long LIFETIME_SECONDS = 10;
    private static final long SKEW_SECONDS = 15;
    private static final int MAX_PROOF_SIZE = 8192;
    private static final int MAX_JTI_LENGTH = 256;
    private static final int PURGE_ABOVE = 1024;
    private static final int MAX_REMEMBERED = 100_000;

    /** (issuer, thumbprint, jti) of every proof seen, until it could no longer pass the iat check. */
    private final ConcurrentHashMap<String, Instant> seen = new ConcurrentHashMap<>();
    /** Nonces are an HMAC of (issuer, period) under this key: nothing to store, nothing to purge. */
    private final javax.crypto.SecretKey nonceKey = newNonceKey();

    private static javax.crypto.SecretKey newNonceKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256");
    }

    /** Whether a client's proofs must carry a server nonce. */
    public static boolean noncesRequired(Client client) {
        return "true".equals(client.attribute(NONCE_ATTRIBUTE));
    }

    /** The nonce current at {@code now} for the realm of {@code rt}. */
    public String nonce(RealmRuntime rt, Instant now) {
        return nonceFor(rt.issuer(), Math.floorDiv(now.getEpochSecond(), NONCE_PERIOD_SECONDS));
    }

    private String nonceFor(String issuer, long period) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(nonceKey);
            byte[] digest = mac.doFinal((issuer + ' ' + period).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean nonceCurrent(RealmRuntime rt, Instant now, Object presented) {
        if (!(presented instanceof String text)) {
            return false;
        }
        long period = Math.floorDiv(now.getEpochSecond(), NONCE_PERIOD_SECONDS);
        byte[] given = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return java.security.MessageDigest.isEqual(given, nonceFor(rt.issuer(), period).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                || java.security.MessageDigest.isEqual(given, nonceFor(rt.issuer(), period - 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Whether a client may get tokens only with a proof. */
    public static boolean required(Client client) {
        return "true".equals(client.attribute(BOUND_ATTRIBUTE));
    }

    /**
     * Checks the request's proof for the token endpoint of {@code rt}.
     *
     * @return the proof key's thumbprint, or {@code null} when the request has no proof and the
     *     client does not require one
     * @throws OAuthException 400 {@code invalid_dpop_proof} for a missing (when required) or bad proof
     */
    public String check(RealmRuntime rt, Request req, Client client) {
        List<String> values = req.headers("DPoP");
        if (values.isEmpty()) {
            if (required(client)) {
                throw refused("DPoP proof is missing");
            }
            return null;
        }
        if (values.size() > 1 || values.get(0).indexOf(',') >= 0) {
            throw refused("Multiple DPoP proofs");
        }
        String proof = values.get(0).strip();
        if (proof.isEmpty()) {
            throw refused("DPoP proof is missing");
        }
        if (proof.length() > MAX_PROOF_SIZE) {
            throw refused("DPoP proof is malformed");
        }
        SignedJWT jwt;
        JWSHeader header;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(proof);
            header = jwt.getHeader();
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            // Nimbus also refuses a jwk header with private members here
            throw refused("DPoP proof is malformed");
        }
        if (!new JOSEObjectType("dpop+jwt").equals(header.getType())) {
            throw refused("Invalid or missing type in DPoP header");
        }
        String alg = header.getAlgorithm().getName();
        if (!ALGORITHMS.contains(alg)) {
            throw refused("Unsupported DPoP algorithm");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw refused("DPoP proof is malformed");
        }
        JWK key = header.getJWK();
        if (key == null) {
            throw refused("No JWK in DPoP header");
        }
        if (key.isPrivate() || !fits(key, alg)) {
            throw refused("Invalid JWK in DPoP header");
        }
        if (!verifies(jwt, key)) {
            throw refused("DPoP verification failure");
        }
        Object jtiClaim = claims.getClaim("jti");
        Object htm = claims.getClaim("htm");
        Object htu = claims.getClaim("htu");
        Date iat = claims.getIssueTime();
        if (!(jtiClaim instanceof String jti) || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH
                || !(htm instanceof String) || !(htu instanceof String htuText) || iat == null) {
            throw refused("DPoP proof is malformed");
        }
        if (!req.method().equals(htm)) {
            throw refused("DPoP HTTP method mismatch");
        }
        String expected = normalize(rt.issuer() + "/protocol/openid-connect/token");
        if (expected == null || !expected.equals(normalize(htuText))) {
            throw refused("DPoP HTTP URL mismatch");
        }
        Instant now = rt.now();
        Instant issued = iat.toInstant();
        if (issued.isBefore(now.minusSeconds(LIFETIME_SECONDS + SKEW_SECONDS)) || issued.isAfter(now.plusSeconds(SKEW_SECONDS))) {
            throw refused("DPoP proof is not active");
        }
        if (noncesRequired(client)) {
            // RFC 9449 section 8: every answer names the nonce to use next; a proof without the current one is refused
            String current = nonce(rt, now);
            req.responseHeader("DPoP-Nonce", current);
            if (!nonceCurrent(rt, now, claims.getClaim("nonce"))) {
                throw new OAuthException(400, USE_DPOP_NONCE, claims.getClaim("nonce") == null
                        ? "Authorization server requires nonce in DPoP proof" : "DPoP nonce is invalid or expired");
            }
        }
        String thumbprint;
        try {
            thumbprint = key.computeThumbprint("SHA-256").toString();
        } catch (JOSEException e) {
            throw refused("Invalid JWK in DPoP header");
        }
        remember(rt.issuer() + ' ' + thumbprint + ' ' + jti, issued.plusSeconds(LIFETIME_SECONDS + 2 * SKEW_SECONDS), now);
        return thumbprint;
    }

    private void remember(String key, Instant until, Instant now) {
        if (seen.size() > PURGE_ABOVE) {
            seen.values().removeIf(expiry -> expiry.isBefore(now));
        }
        if (seen.size() >= MAX_REMEMBERED) {
            // fail closed: a proof we could not remember could be replayed
            throw new OAuthException(503, "temporarily_unavailable", "Too many DPoP proofs in flight");
        }
        if (seen.putIfAbsent(key, until) != null) {
            throw refused("DPoP proof has already been used");
        }
    }

    private static boolean fits(JWK key, String alg) {
        if (alg.startsWith("ES")) {
            Curve curve = switch (alg) {
                case "ES256" -> Curve.P_256;
                case "ES384" -> Curve.P_384;
                default -> Curve.P_521;
            };
            return key instanceof ECKey ec && curve.equals(ec.getCurve());
        }
        // the modulus as a number: size() counts encoded bytes, and a zero-padded 1024-bit modulus is 256 of them
        return key instanceof RSAKey rsa && rsa.getModulus().decodeToBigInteger().bitLength() >= 2048;
    }

    private static boolean verifies(SignedJWT jwt, JWK key) {
        try {
            JWSVerifier verifier = key instanceof ECKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) key);
            return jwt.verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }

    /** RFC 3986 section 6.2.2 and 6.2.3 normalisation, without query and fragment; null when not an http(s) URL. */
    static String normalize(String url) {
        try {
            URI uri = new URI(url).normalize();
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static OAuthException refused(String description) {
        return new OAuthException(400, INVALID_DPOP_PROOF, description);
    }
}
