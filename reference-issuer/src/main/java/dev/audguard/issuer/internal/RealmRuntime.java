package dev.audguard.issuer.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.audguard.issuer.IssuerClock;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One realm while the issuer runs: the parsed model, its keys, sessions, one-time codes, refresh
 * tokens, used client-assertion ids and injected faults.
 *
 * <p>Thread-safe: the model is immutable and all mutable state lives in concurrent maps or in the
 * synchronized {@link KeyRing}.
 */
public final class RealmRuntime {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RealmRuntime.class);

    /** The current snapshot; a change parses a new one and swaps it in whole (see {@link #change}). */
    private volatile RealmModel model;
    /** The snapshot one request started with, so a change landing mid-request never mixes two. */
    private final ThreadLocal<RealmModel> pinned = new ThreadLocal<>();
    private final Object changeLock = new Object();
    private final KeyRing keys;
    private final IssuerClock clock;
    private final String issuer;
    private final boolean strictRfc8693;
    private final dev.audguard.issuer.ResourceParameter resourceParameter;
    private final byte[] refreshSecret = new byte[64];
    /** Keycloak names its HS512 refresh-token key with a random UUID, in the header of every refresh token. */
    private final String refreshKeyId = UUID.randomUUID().toString();
    private final Faults faults = new Faults();
    /** Per instance, not static: one issuer's request-derived iss never leaks into another's. */
    private final ThreadLocal<String> requestIssuer = new ThreadLocal<>();
    private final Recorder recorder = new Recorder();
    private final InjectedErrors errors = new InjectedErrors();

    /** Sessions by id; a revoked session's refresh tokens stop working. */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, CodeGrant> codes = new ConcurrentHashMap<>();
    private final Map<String, Instant> usedCodes = new ConcurrentHashMap<>();
    private final Map<String, String> codeSessions = new ConcurrentHashMap<>();
    private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
    /** Refresh tokens revoked because a newer one of the same session and client was used. */
    private final Map<String, Instant> usedRefreshTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshUseCount> refreshUse = new ConcurrentHashMap<>();
    private final Map<String, Instant> usedAssertionIds = new ConcurrentHashMap<>();
    private final Map<String, Instant> revokedAccessTokens = new ConcurrentHashMap<>();
    /** The claims a lightweight access token leaves out, by jti, for introspection and userinfo. */
    private final Map<String, Map<String, Object>> fullClaims = new ConcurrentHashMap<>();
    /** Opaque access tokens by the SHA-256 of their value: the token itself is never kept. */
    private final Map<String, Map<String, Object>> opaqueTokens = new ConcurrentHashMap<>();

    public RealmRuntime(RealmModel model, IssuerClock clock, String issuer, boolean strictRfc8693, Executor background,
            KeyRing.Options keyOptions, dev.audguard.issuer.ResourceParameter resourceParameter) {
        this.resourceParameter = resourceParameter;
        this.model = model;
        this.clock = clock;
        this.issuer = issuer;
        this.strictRfc8693 = strictRfc8693;
        this.keys = new KeyRing(background, model.settings().defaultSignatureAlgorithm(), clientAlgorithms(model), keyOptions);
        RANDOM.nextBytes(refreshSecret);
    }

    public record Session(String id, String userId, Instant started, Instant authTime, boolean revoked) {
        Session revoke() {
            return new Session(id, userId, started, authTime, true);
        }
    }

    public record CodeGrant(String clientId, String redirectUri, String scope, String nonce, String codeChallenge,
            String userId, String sessionId, Instant expiresAt, java.util.List<String> resources) {
        public CodeGrant {
            resources = java.util.List.copyOf(resources);
        }
    }

    public record RefreshGrant(String clientId, String userId, String sessionId, String scope, Instant expiresAt,
            java.util.List<String> resources) {
        public RefreshGrant {
            resources = java.util.List.copyOf(resources);
        }
    }

    private static java.util.Set<String> clientAlgorithms(RealmModel model) {
        java.util.Set<String> clientAlgorithms = new java.util.LinkedHashSet<>();
        for (RealmModel.Client c : model.clients().values()) {
            for (String attribute : java.util.List.of("access.token.signed.response.alg", "id.token.signed.response.alg",
                    IntrospectionEndpoint.SIGNED_RESPONSE_ALG)) {
                String alg = c.attribute(attribute);
                if (alg != null && !alg.isBlank()) {
                    clientAlgorithms.add(alg);
                }
            }
        }
        return clientAlgorithms;
    }

    /** The realm as it is now, or, while this thread handles a request, as it was when the request began. */
    public RealmModel model() {
        RealmModel p = pinned.get();
        return p != null ? p : model;
    }

    /** Runs one request against one snapshot of the realm, whatever changes land meanwhile. */
    public void pinned(Runnable request) {
        if (pinned.get() != null) {
            request.run();
            return;
        }
        pinned.set(model);
        try {
            request.run();
        } finally {
            pinned.remove();
        }
    }

    /**
     * Applies a change to the realm: edits a copy of the document the current snapshot came from,
     * parses it as a realm file is parsed, and swaps the result in; requests already running finish
     * on the snapshot they began with, later ones see the change. Changes are serialized; reading
     * never waits. A change the realm cannot take leaves it as it was.
     *
     * @return the new snapshot
     * @throws dev.audguard.issuer.RealmFormatException when the changed realm would not be valid
     * @throws RealmDocument.ChangeRejected when the change names something that is not there, or is there already
     */
    public RealmModel change(java.util.function.Consumer<RealmDocument> edit) {
        synchronized (changeLock) {
            RealmDocument document = RealmDocument.thaw(model.document());
            edit.accept(document);
            RealmModel next = RealmParser.parse(document.root());
            if (!next.name().equals(model.name())) {
                throw new RealmDocument.ChangeRejected("a realm cannot be renamed while it runs", "A realm cannot be renamed");
            }
            if (!next.settings().defaultSignatureAlgorithm().equals(model.settings().defaultSignatureAlgorithm())) {
                throw new RealmDocument.ChangeRejected("defaultSignatureAlgorithm cannot change while the realm runs",
                        "The default signature algorithm cannot change");
            }
            // A client may ask for an algorithm no key serves yet: make the key before any token needs it.
            clientAlgorithms(next).forEach(keys::ensureAlgorithm);
            RealmModel before = model;
            model = next;
            // What the change newly leaves unmodelled is reported as the start-up reports a file's.
            java.util.List<String> ignored = new java.util.ArrayList<>(next.ignoredMapperTypes());
            ignored.removeAll(before.ignoredMapperTypes());
            if (!ignored.isEmpty()) {
                LOG.info("realm {}: not modelled, ignored: {}", next.name(), ignored);
            }
            next.notices().stream().filter(n -> !before.notices().contains(n))
                    .forEach(notice -> LOG.info("realm {}: {}", next.name(), notice));
            return next;
        }
    }

    public KeyRing keys() {
        return keys;
    }

    public Faults faults() {
        return faults;
    }

    public Recorder recorder() {
        return recorder;
    }

    public InjectedErrors errors() {
        return errors;
    }

    public IssuerClock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The realm's {@code iss}: the one derived from the request being handled, if the issuer does that, else the fixed one. */
    public String issuer() {
        String fromRequest = requestIssuer.get();
        return fromRequest != null ? fromRequest : issuer;
    }

    /** The fixed issuer (bound address or frontend URL), whatever request is being handled. */
    public String fixedIssuer() {
        return issuer;
    }

    /** While this thread handles one request: {@code iss} from that request's {@code Host}; null ends it. */
    public void requestIssuer(String base) {
        if (base == null) {
            requestIssuer.remove();
        } else {
            requestIssuer.set(base + "/realms/" + model.name());
        }
    }

    public dev.audguard.issuer.ResourceParameter resourceParameter() {
        return resourceParameter;
    }

    public boolean strictRfc8693() {
        return strictRfc8693;
    }

    public URI endpoint(String path) {
        return URI.create(issuer() + "/" + path);
    }

    public static String randomId() {
        return UUID.randomUUID().toString();
    }

    public static String randomSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64URL.encode(b).toString();
    }

    // ---- signing and verifying our own tokens

    /** An access or ID token under the realm's default algorithm. */
    public String sign(Map<String, Object> claims) {
        return sign(claims, keys.defaultAlgorithm());
    }

    /** An access or ID token: the active key for {@code alg}, header {@code typ: JWT} and the key's id, as Keycloak writes them. */
    public String sign(Map<String, Object> claims, JWSAlgorithm alg) {
        JWK key = keys.signingKey(alg);
        JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(),
                new Payload(claims));
        try {
            jws.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jws.serialize();
    }

    /** The algorithm a client's access tokens ({@code access}) or ID tokens are signed with. */
    public JWSAlgorithm algorithmFor(RealmModel.Client client, boolean access) {
        String alg = client.attribute(access ? "access.token.signed.response.alg" : "id.token.signed.response.alg");
        return alg == null || alg.isBlank() ? keys.defaultAlgorithm() : JWSAlgorithm.parse(alg);
    }

    /**
     * The claims of a token this realm issued and still vouches for: signed by a published key with
     * the algorithm that key is for, our issuer, not expired, not before its {@code nbf}, {@code typ}
     * as expected, not revoked. Empty otherwise.
     */
    public Optional<Map<String, Object>> verify(String token, String expectedTyp) {
        return verify(token, expectedTyp, true)
                .filter(c -> !"Bearer".equals(expectedTyp) && !"DPoP".equals(expectedTyp)
                        || !revokedAccessTokens.containsKey(String.valueOf(c.get("jti"))));
    }

    /** The same checks but expiry, for hints that only name a session ({@code id_token_hint}). */
    public Optional<Map<String, Object>> verifyIgnoringExpiry(String token, String expectedTyp) {
        return verify(token, expectedTyp, false);
    }

    private Optional<Map<String, Object>> verify(String token, String expectedTyp, boolean checkExpiry) {
        if (token == null || token.length() > 16_384) {
            return Optional.empty();
        }
        try {
            JWSObject jws = JWSObject.parse(token);
            if (jws.getHeader().getCriticalParams() != null) {
                return Optional.empty();
            }
            String kid = jws.getHeader().getKeyID();
            Optional<JWK> key = keys.verificationKey(kid);
            JWSAlgorithm alg = jws.getHeader().getAlgorithm();
            // The algorithm the key is for, exactly: a key never verifies under another algorithm.
            boolean algFits = key.isPresent() && alg.equals(keys.algorithmOfKey(kid).orElse(null));
            if (!algFits || !jws.verify(key.get() instanceof ECKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) key.get()))) {
                return Optional.empty();
            }
            Map<String, Object> claims = jws.getPayload().toJSONObject();
            return claims != null && (!checkExpiry || timely(claims)) && issuer().equals(claims.get("iss"))
                    && expectedTyp.equals(claims.get("typ")) ? Optional.of(claims) : Optional.empty();
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Keeps the full claims of a lightweight token until it expires, as Keycloak keeps them in the session. */
    public void rememberFullClaims(Map<String, Object> claims) {
        prune();
        fullClaims.put(String.valueOf(claims.get("jti")), java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims)));
    }

    /** An opaque access token standing for these claims, resolvable only here (introspection, userinfo, exchange). */
    public String storeOpaque(Map<String, Object> claims) {
        prune();
        String token = randomSecret();
        opaqueTokens.put(Recorder.fingerprintFull(token), java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims)));
        return token;
    }

    /**
     * The full claims of an access token this realm issued and still vouches for, whether a JWT, a
     * lightweight JWT (its left-out claims restored) or an opaque token; empty otherwise.
     */
    public Optional<Map<String, Object>> accessTokenClaims(String token) {
        if (token == null || token.length() > 16_384) {
            return Optional.empty();
        }
        if (token.indexOf('.') < 0) {
            Map<String, Object> claims = opaqueTokens.get(Recorder.fingerprintFull(token));
            return claims != null && timely(claims) && !revokedAccessTokens.containsKey(String.valueOf(claims.get("jti")))
                    ? Optional.of(claims) : Optional.empty();
        }
        return verify(token, "Bearer").or(() -> verify(token, "DPoP"))
                .map(c -> fullClaims.getOrDefault(String.valueOf(c.get("jti")), c));
    }

    /** RFC 7009 for an access token: inactive from now until it would have expired anyway. */
    public void revokeAccessToken(String jti, long exp) {
        prune();
        revokedAccessTokens.put(jti, Instant.ofEpochSecond(exp));
    }

    private boolean timely(Map<String, Object> claims) {
        long now = now().getEpochSecond();
        if (!(claims.get("exp") instanceof Number exp) || exp.longValue() <= now) {
            return false;
        }
        Object nbf = claims.get("nbf");
        return nbf == null || nbf instanceof Number n && n.longValue() <= now;
    }

    /** Keycloak signs refresh tokens with a realm HMAC key no JWKS lists; so does this issuer. */
    public String signRefresh(Map<String, Object> claims) {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS512).type(JOSEObjectType.JWT).keyID(refreshKeyId).build(),
                new Payload(claims));
        try {
            jws.sign(new MACSigner(refreshSecret));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jws.serialize();
    }

    public Optional<Map<String, Object>> verifyRefresh(String token) {
        if (token == null || token.length() > 16_384) {
            return Optional.empty();
        }
        try {
            JWSObject jws = JWSObject.parse(token);
            if (!JWSAlgorithm.HS512.equals(jws.getHeader().getAlgorithm()) || !jws.verify(new MACVerifier(refreshSecret))) {
                return Optional.empty();
            }
            Map<String, Object> claims = jws.getPayload().toJSONObject();
            return claims != null && timely(claims) && issuer().equals(claims.get("iss")) && "Refresh".equals(claims.get("typ"))
                    ? Optional.of(claims) : Optional.empty();
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** OpenID Connect's {@code at_hash}: left half of the SHA-256 of the access token. */
    public static String accessTokenHash(String accessToken) {
        return accessTokenHash(accessToken, JWSAlgorithm.RS256);
    }

    /** {@code at_hash} with the hash of the ID token's algorithm (SHA-256, -384 or -512), left half. */
    public static String accessTokenHash(String accessToken, JWSAlgorithm idTokenAlgorithm) {
        String name = idTokenAlgorithm.getName();
        String hash = name.endsWith("384") ? "SHA-384" : name.endsWith("512") ? "SHA-512" : "SHA-256";
        try {
            byte[] digest = MessageDigest.getInstance(hash).digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64URL.encode(Arrays.copyOf(digest, digest.length / 2)).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- sessions, codes, refresh tokens, assertion ids

    public Session newSession(String userId, Instant authTime) {
        Session s = new Session(randomId(), userId, now(), authTime, false);
        sessions.put(s.id(), s);
        return s;
    }

    public Optional<Session> liveSession(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null || s.revoked() || s.started().plusSeconds(model.ssoSessionMaxLifespan()).isBefore(now())) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public boolean isRevokedSession(String id) {
        Session s = id == null ? null : sessions.get(id);
        return s != null && s.revoked();
    }

    public void revokeSession(String id) {
        if (id != null) {
            sessions.computeIfPresent(id, (k, s) -> s.revoke());
        }
    }

    public String storeCode(CodeGrant grant) {
        prune();
        String code = randomSecret();
        codes.put(code, grant);
        return code;
    }

    /**
     * The grant a code stands for, once. A second use revokes the session the first use started, so
     * its refresh tokens die (RFC 6749 section 4.1.2).
     */
    public Optional<CodeGrant> redeemCode(String code) {
        CodeGrant grant = code == null ? null : codes.remove(code);
        if (grant == null) {
            String sessionId = code == null ? null : codeSessions.get(code);
            if (sessionId != null) {
                revokeSession(sessionId);
            }
            return Optional.empty();
        }
        codeSessions.put(code, grant.sessionId());
        usedCodes.put(code, now().plusSeconds(model.ssoSessionMaxLifespan()));
        return grant.expiresAt().isBefore(now()) ? Optional.empty() : Optional.of(grant);
    }

    public String storeRefresh(String jti, RefreshGrant grant) {
        prune();
        refreshTokens.put(jti, grant);
        return jti;
    }

    public enum RefreshUse { OK, UNKNOWN, STALE, REUSE_EXCEEDED }

    public record RefreshRedemption(RefreshUse use, RefreshGrant grant) {
    }

    /** With {@code revokeRefreshToken}: per session and client, the refresh token last used and how often. */
    private record RefreshUseCount(String jti, int uses) {
    }

    /**
     * Keycloak's rules: with {@code revokeRefreshToken} off (its default) any refresh token of a live
     * session may be used again until it expires, so concurrent refreshes all succeed. With it on, a
     * refresh token may be used {@code 1 + refreshTokenMaxReuse} times ("Maximum allowed refresh
     * token reuse exceeded"), and using a newer one revokes the one used before ("Stale token").
     */
    public RefreshRedemption redeemRefresh(String jti) {
        RefreshGrant grant = refreshTokens.get(jti);
        if (grant == null || grant.expiresAt().isBefore(now())) {
            return new RefreshRedemption(RefreshUse.UNKNOWN, null);
        }
        RealmModel.Settings settings = model.settings();
        if (!settings.revokeRefreshToken()) {
            return new RefreshRedemption(RefreshUse.OK, grant);
        }
        String key = grant.sessionId() + "\u0000" + grant.clientId();
        RefreshUse[] verdict = {RefreshUse.OK};
        refreshUse.compute(key, (k, current) -> {
            if (usedRefreshTokens.containsKey(jti)) {
                verdict[0] = RefreshUse.STALE;
                return current;
            }
            if (current != null && current.jti().equals(jti)) {
                if (current.uses() > settings.refreshTokenMaxReuse()) {
                    verdict[0] = RefreshUse.REUSE_EXCEEDED;
                    return current;
                }
                return new RefreshUseCount(jti, current.uses() + 1);
            }
            if (current != null) {
                RefreshGrant previous = refreshTokens.get(current.jti());
                usedRefreshTokens.put(current.jti(), previous == null ? now() : previous.expiresAt());
            }
            return new RefreshUseCount(jti, 1);
        });
        return new RefreshRedemption(verdict[0], verdict[0] == RefreshUse.OK ? grant : null);
    }

    /** False when this client already used the assertion id, as RFC 7523 section 3 lets a server insist. */
    public boolean firstUseOfAssertion(String clientId, String jti, Instant keepUntil) {
        prune();
        return usedAssertionIds.putIfAbsent(clientId + "\u0000" + jti, keepUntil) == null;
    }

    private void prune() {
        Instant now = now();
        codes.values().removeIf(g -> g.expiresAt().isBefore(now));
        usedCodes.values().removeIf(t -> t.isBefore(now));
        codeSessions.keySet().removeIf(code -> !codes.containsKey(code) && !usedCodes.containsKey(code));
        refreshTokens.values().removeIf(g -> g.expiresAt().isBefore(now));
        refreshUse.values().removeIf(u -> !refreshTokens.containsKey(u.jti()));
        usedRefreshTokens.values().removeIf(t -> t.isBefore(now));
        usedAssertionIds.values().removeIf(t -> t.isBefore(now));
        revokedAccessTokens.values().removeIf(t -> t.isBefore(now));
        fullClaims.values().removeIf(c -> !(c.get("exp") instanceof Number exp) || exp.longValue() < now.getEpochSecond());
        opaqueTokens.values().removeIf(c -> !(c.get("exp") instanceof Number exp) || exp.longValue() < now.getEpochSecond());
    }
}
