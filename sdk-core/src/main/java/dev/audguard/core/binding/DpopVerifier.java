package dev.audguard.core.binding;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.Fingerprints;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.internal.Confirmation;
import dev.audguard.core.binding.internal.NonceIssuer;
import dev.audguard.core.binding.internal.UriNormalizer;
import dev.audguard.core.internal.pipeline.TokenSyntax;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks DPoP proofs at a resource server, RFC 9449 sections 4.3 and 7, and applies the resource's
 * {@link DpopPolicy}.
 *
 * <pre>{@code
 * DpopVerifier dpop = DpopVerifier.builder()
 *     .externalBaseUrl(URI.create("https://api.example.com"))  // required: what clients put in htu
 *     .build();                                                // ES256, policy ALLOWED, in-memory replay store
 * Optional<DpopProof> proof = dpop.check(presented, verifiedToken, "GET", "/orders/42", dpopHeaderValues);
 * }</pre>
 *
 * <p>A proof passes when, in this order (each failure its own {@link BindingReason}): there is exactly
 * one {@code DPoP} header; it is a compact JWS of at most 8 KiB; header {@code typ} is
 * {@code dpop+jwt}; {@code alg} is on the allow list (default {@code ES256}; {@code ES256/384/512},
 * {@code RS256/384/512} and {@code PS256/384/512} may be allowed, {@code none} and HMAC never);
 * {@code jwk} is a public EC or RSA (at least 2048 bits) key fitting {@code alg}, with no private member;
 * no {@code crit}; the signature verifies with that key; {@code jti}, {@code htm}, {@code htu} and
 * {@code iat} are present; {@code htm} is the request method; {@code htu} equals the configured
 * external base URL joined with the request path, both without query and fragment after RFC 3986
 * normalisation (the {@code Host} and {@code X-Forwarded-*} headers are never consulted);
 * {@code iat} is within the proof window (default 60 s) plus the clock skew (default 60 s) either
 * way; {@code ath} is base64url(SHA-256(access token)); the key's RFC 7638 thumbprint is the token's
 * {@code cnf.jkt}; with nonces, {@code nonce} is current; and finally ({@code jti}, thumbprint) was not
 * seen before, remembered in the {@link ReplayStore} until {@code iat} + window + skew.
 *
 * <p>Nothing the caller sent is ever logged or put in an answer; refusals are logged at DEBUG with
 * their code only.
 *
 * <p>Immutable and thread-safe; build one per service and share it.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-4.3">RFC 9449 section 4.3</a>
 */
public final class DpopVerifier {
    private static final Logger log = LoggerFactory.getLogger(DpopVerifier.class);

    /** Every algorithm that may be put on the allow list. */
    public static final Set<String> SUPPORTED_ALGORITHMS = Set.of(
            "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    /** The longest proof accepted, in characters. */
    public static final int MAX_PROOF_SIZE = 8192;
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final int MAX_JTI_LENGTH = 256;
    private static final Duration MAX_WINDOW = Duration.ofMinutes(10);
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private final URI externalBaseUrl;
    private final String basePrefix;
    private final DpopPolicy policy;
    private final Map<String, DpopPolicy> issuerPolicies;
    private final List<String> algorithms;
    private final long windowMillis;
    private final ReplayStore replayStore;
    private final NonceIssuer nonces;
    private final Clock clock;
    private final BindingListener listener;
    private final String plainChallenge;

    private DpopVerifier(Builder b) {
        this.externalBaseUrl = b.externalBaseUrl;
        String normal = UriNormalizer.normalize(b.externalBaseUrl.toString());
        this.basePrefix = normal.endsWith("/") ? normal.substring(0, normal.length() - 1) : normal;
        this.policy = b.policy != null ? b.policy : DpopPolicy.ALLOWED;
        this.issuerPolicies = Map.copyOf(b.issuerPolicies);
        this.algorithms = b.algorithms != null ? List.copyOf(b.algorithms) : List.of("ES256");
        Duration window = b.proofWindow != null ? b.proofWindow : Duration.ofSeconds(60);
        Duration skew = b.clockSkew != null ? b.clockSkew : Duration.ofSeconds(60);
        this.windowMillis = window.plus(skew).toMillis();
        this.clock = b.clock != null ? b.clock : Clock.systemUTC();
        this.replayStore = b.replayStore != null ? b.replayStore : ReplayStore.inMemory(ReplayStore.DEFAULT_CAPACITY, clock);
        this.nonces = b.nonceRotation == null ? null
                : new NonceIssuer(b.nonceSecret != null ? b.nonceSecret : randomSecret(), b.nonceRotation, clock);
        this.listener = b.listener != null ? b.listener : BindingListener.none();
        this.plainChallenge = "DPoP algs=\"" + String.join(" ", algorithms) + '"';
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies the policy for {@code token}'s issuer to a request, and checks its proof when the token
     * came with the {@code DPoP} scheme.
     *
     * <ul>
     *   <li>{@code Bearer} and a token with {@code cnf.jkt}: {@link BindingReason#DPOP_BOUND_TOKEN_AS_BEARER}.</li>
     *   <li>{@code Bearer} under {@link DpopPolicy#REQUIRED}: {@link BindingReason#DPOP_REQUIRED}.</li>
     *   <li>{@code Bearer} otherwise: passes, empty result ({@code DPoP} headers are then ignored).</li>
     *   <li>{@code DPoP} under {@link DpopPolicy#DISABLED}: {@link BindingReason#DPOP_NOT_ACCEPTED}.</li>
     *   <li>{@code DPoP} and a token without {@code cnf.jkt}: {@link BindingReason#DPOP_TOKEN_NOT_BOUND}.</li>
     *   <li>{@code DPoP} otherwise: {@link #verify}.</li>
     * </ul>
     *
     * @param presented the token and its scheme, from {@link PresentedToken#resolve}
     * @param token the same token, verified by the validator
     * @param method the request method, as received
     * @param rawPath the request path as received (percent-encoded, no query), starting with {@code /}
     * @param proofHeaders every value of the {@code DPoP} header
     * @return the proof, or empty when the request passed as a bearer request
     * @throws SenderBindingException with the reason the request is refused
     */
    public Optional<DpopProof> check(PresentedToken presented, VerifiedToken token, String method, String rawPath,
                                     List<String> proofHeaders) {
        return check(presented, token, method, rawPath, proofHeaders, null);
    }

    /**
     * As {@link #check(PresentedToken, VerifiedToken, String, String, List)} under {@code policy}
     * instead of the issuer's or the resource's (a path's own policy); {@code null} for those.
     *
     * @throws SenderBindingException with the reason the request is refused
     */
    public Optional<DpopProof> check(PresentedToken presented, VerifiedToken token, String method, String rawPath,
                                     List<String> proofHeaders, DpopPolicy policy) {
        Optional<String> jkt;
        try {
            jkt = Confirmation.read(token, "jkt");
            DpopPolicy effective = policy != null ? policy : policyFor(token.issuer());
            if (presented.scheme() == PresentedToken.Scheme.BEARER) {
                if (jkt.isPresent()) {
                    throw new SenderBindingException(BindingReason.DPOP_BOUND_TOKEN_AS_BEARER);
                }
                if (effective == DpopPolicy.REQUIRED) {
                    throw new SenderBindingException(BindingReason.DPOP_REQUIRED);
                }
                return Optional.empty();
            }
            if (effective == DpopPolicy.DISABLED) {
                throw new SenderBindingException(BindingReason.DPOP_NOT_ACCEPTED);
            }
            if (jkt.isEmpty()) {
                throw new SenderBindingException(BindingReason.DPOP_TOKEN_NOT_BOUND);
            }
        } catch (SenderBindingException e) {
            refused(e.reason());
            throw e;
        }
        return Optional.of(verify(method, rawPath, proofHeaders, presented.token(), jkt.get()));
    }

    /**
     * Checks one request's DPoP proof (RFC 9449 section 4.3) for an access token bound to
     * {@code expectedThumbprint}, and remembers its {@code jti}.
     *
     * @param method the request method, as received
     * @param rawPath the request path as received (percent-encoded, no query), starting with {@code /}
     * @param proofHeaders every value of the {@code DPoP} header
     * @param accessToken the access token sent with the proof
     * @param expectedThumbprint the token's {@code cnf.jkt}
     * @throws SenderBindingException with the reason the proof is refused
     */
    public DpopProof verify(String method, String rawPath, List<String> proofHeaders, String accessToken,
                            String expectedThumbprint) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expectedThumbprint, "expectedThumbprint");
        try {
            DpopProof proof = doVerify(method, rawPath, proofHeaders, accessToken, expectedThumbprint);
            try {
                listener.accepted("dpop");
            } catch (RuntimeException e) {
                log.warn("binding listener failed: {}", e.getClass().getName());
            }
            return proof;
        } catch (SenderBindingException e) {
            refused(e.reason());
            throw e;
        }
    }

    private DpopProof doVerify(String method, String rawPath, List<String> proofHeaders, String accessToken,
                               String expectedThumbprint) {
        String proof = single(proofHeaders);
        if (proof.length() > MAX_PROOF_SIZE || !TokenSyntax.isCompactJwsShape(proof)) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_MALFORMED);
        }
        Map<String, Object> header = json(proof.substring(0, proof.indexOf('.')));
        if (!(header.get("typ") instanceof String typ) || !typ.toLowerCase(Locale.ROOT).equals("dpop+jwt")) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_WRONG_TYPE);
        }
        if (!(header.get("alg") instanceof String alg) || !algorithms.contains(alg)) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_UNSUPPORTED_ALGORITHM);
        }
        if (header.containsKey("crit")) {
            // no extension is understood, so a critical one makes the proof unusable (RFC 7515 section 4.1.11)
            throw new SenderBindingException(BindingReason.DPOP_PROOF_MALFORMED);
        }
        JWK key = publicKey(header.get("jwk"), alg);
        if (proof.endsWith(".")) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_BAD_SIGNATURE);
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(proof);
        } catch (ParseException e) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_MALFORMED);
        }
        if (!verifies(jws, key)) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_BAD_SIGNATURE);
        }
        Map<String, Object> claims = json(proof.substring(proof.indexOf('.') + 1, proof.lastIndexOf('.')));
        if (!(claims.get("jti") instanceof String jti) || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH
                || !(claims.get("htm") instanceof String htm) || !(claims.get("htu") instanceof String htu)
                || !(claims.get("iat") instanceof Number iatNumber)) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_MALFORMED);
        }
        if (!htm.equals(method)) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_METHOD_MISMATCH);
        }
        if (!htuMatches(htu, rawPath)) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_URI_MISMATCH);
        }
        long now = clock.millis();
        double iatSeconds = iatNumber.doubleValue();
        if (!Double.isFinite(iatSeconds)) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_MALFORMED);
        }
        long iat = (long) Math.floor(iatSeconds * 1000d);
        if (iat < now - windowMillis || iat > now + windowMillis) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_STALE);
        }
        if (!(claims.get("ath") instanceof String ath)
                || !MessageDigest.isEqual(ath.getBytes(StandardCharsets.US_ASCII), base64url(sha256(accessToken)))) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_TOKEN_HASH_MISMATCH);
        }
        String thumbprint = thumbprint(key);
        if (!MessageDigest.isEqual(thumbprint.getBytes(StandardCharsets.US_ASCII), expectedThumbprint.getBytes(StandardCharsets.US_ASCII))) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_KEY_MISMATCH);
        }
        if (nonces != null) {
            Object nonce = claims.get("nonce");
            if (nonce == null) {
                throw SenderBindingException.useNonce(BindingReason.DPOP_NONCE_REQUIRED, nonces.current());
            }
            if (!(nonce instanceof String text) || !nonces.isCurrent(text)) {
                throw SenderBindingException.useNonce(BindingReason.DPOP_NONCE_INVALID, nonces.current());
            }
        }
        // last, so that a proof failing any other check does not use up its jti
        long ttl = Math.max(1000, iat + windowMillis - now);
        boolean fresh;
        try {
            fresh = replayStore.rememberIfAbsent(Fingerprints.sha256Hex(thumbprint + '.' + jti), Duration.ofMillis(ttl));
        } catch (ReplayStoreException e) {
            log.warn("DPoP replay store failed ({}): refusing the request", e.kind());
            throw new SenderBindingException(e.reason(), e);
        } catch (RuntimeException e) {
            log.warn("DPoP replay store failed ({}): refusing the request", e.getClass().getName());
            throw new SenderBindingException(BindingReason.REPLAY_STORE_UNAVAILABLE, e);
        }
        if (!fresh) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_REPLAYED);
        }
        return new DpopProof(thumbprint, jti, Instant.ofEpochMilli(iat), currentNonce());
    }

    private static String single(List<String> proofHeaders) {
        if (proofHeaders == null || proofHeaders.isEmpty()) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_MISSING);
        }
        if (proofHeaders.size() > 1) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_MULTIPLE);
        }
        String value = proofHeaders.get(0);
        if (value == null || value.isBlank()) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_MISSING);
        }
        if (value.indexOf(',') >= 0) {
            // several field lines folded into one value
            throw new SenderBindingException(BindingReason.DPOP_PROOF_MULTIPLE);
        }
        return value.strip();
    }

    private static Map<String, Object> json(String segment) {
        try {
            return JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8));
        } catch (ParseException | IllegalArgumentException e) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_MALFORMED);
        }
    }

    private static JWK publicKey(Object jwk, String alg) {
        if (!(jwk instanceof Map<?, ?> members)) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_BAD_KEY);
        }
        for (Object name : members.keySet()) {
            if (PRIVATE_MEMBERS.contains(name)) {
                throw new SenderBindingException(BindingReason.DPOP_PROOF_BAD_KEY);
            }
        }
        JWK key;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) members;
            key = JWK.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_BAD_KEY);
        }
        if (key.isPrivate()) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_BAD_KEY);
        }
        boolean fits;
        if (alg.startsWith("ES")) {
            Curve curve = switch (alg) {
                case "ES256" -> Curve.P_256;
                case "ES384" -> Curve.P_384;
                default -> Curve.P_521;
            };
            fits = key instanceof ECKey ec && curve.equals(ec.getCurve());
        } else {
            fits = key instanceof RSAKey rsa && rsa.getModulus().decodeToBigInteger().bitLength() >= 2048;
        }
        if (!fits) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_BAD_KEY);
        }
        return key;
    }

    private static boolean verifies(JWSObject jws, JWK key) {
        try {
            JWSVerifier verifier = key instanceof ECKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) key);
            return jws.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private boolean htuMatches(String htu, String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        int cut = path.indexOf('?');
        path = cut < 0 ? path : path.substring(0, cut);
        if (!path.startsWith("/")) {
            return false;
        }
        try {
            return UriNormalizer.normalize(htu).equals(UriNormalizer.normalize(basePrefix + path));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String thumbprint(JWK key) {
        try {
            return key.computeThumbprint("SHA-256").toString();
        } catch (JOSEException e) {
            throw new SenderBindingException(BindingReason.DPOP_PROOF_BAD_KEY);
        }
    }

    private void refused(BindingReason reason) {
        log.debug("DPoP request refused: {}", reason.code());
        try {
            listener.refused(reason);
        } catch (RuntimeException e) {
            log.warn("binding listener failed: {}", e.getClass().getName());
        }
    }

    /** The policy for tokens of {@code issuer}: its own when configured, else the resource's. */
    public DpopPolicy policyFor(String issuer) {
        return issuerPolicies.getOrDefault(issuer, policy);
    }

    /** The resource's policy (issuers may have their own, see {@link #policyFor(String)}). */
    public DpopPolicy policy() {
        return policy;
    }

    /** The allowed proof algorithms, in the order configured. */
    public List<String> algorithms() {
        return algorithms;
    }

    /** The external base URL {@code htu} is computed from. */
    public URI externalBaseUrl() {
        return externalBaseUrl;
    }

    /** The nonce to send as {@code DPoP-Nonce} on every answer, when nonces are on. */
    public Optional<String> currentNonce() {
        return nonces == null ? Optional.empty() : Optional.of(nonces.current());
    }

    /**
     * The {@code WWW-Authenticate} value of the {@code DPoP} scheme (RFC 9449 section 7.1):
     * {@code DPoP algs="ES256"}, with {@code error} and {@code error_description} when
     * {@code reason} is a proof or token fault, without them for {@code null} or a 503 reason.
     *
     * @param realm the {@code realm} attribute, or {@code null}
     */
    public String challenge(String realm, BindingReason reason) {
        List<String> params = new ArrayList<>(4);
        if (realm != null) {
            params.add("realm=" + quoted(realm));
        }
        params.add("algs=\"" + String.join(" ", algorithms) + '"');
        if (reason != null && reason.isCallerFault()) {
            params.add("error=" + quoted(reason.errorCode()));
            params.add("error_description=" + quoted(reason.description()));
        }
        return realm == null && (reason == null || !reason.isCallerFault()) ? plainChallenge : "DPoP " + String.join(", ", params);
    }

    /**
     * The RFC 9728 metadata fields this verifier implies: {@code dpop_signing_alg_values_supported}
     * and {@code dpop_bound_access_tokens_required} (true under {@link DpopPolicy#REQUIRED}).
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9728#section-2">RFC 9728 section 2</a>
     */
    public Map<String, Object> metadataFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("dpop_signing_alg_values_supported", algorithms);
        fields.put("dpop_bound_access_tokens_required", policy == DpopPolicy.REQUIRED);
        return java.util.Collections.unmodifiableMap(fields);
    }

    /** The replay store, for health endpoints. */
    public ReplayStoreHealth replayStoreHealth() {
        return replayStore.health();
    }

    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static byte[] base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encode(bytes);
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    @Override
    public String toString() {
        return "DpopVerifier{base=" + basePrefix + ", policy=" + policy + ", algs=" + algorithms + '}';
    }

    /**
     * Configures a {@link DpopVerifier}. Each option may be set once; {@link #build()} fails without
     * {@link #externalBaseUrl(URI)} and may run again. Not thread-safe.
     */
    public static final class Builder {
        private URI externalBaseUrl;
        private DpopPolicy policy;
        private final Map<String, DpopPolicy> issuerPolicies = new LinkedHashMap<>();
        private List<String> algorithms;
        private Duration proofWindow;
        private Duration clockSkew;
        private ReplayStore replayStore;
        private Duration nonceRotation;
        private byte[] nonceSecret;
        private Clock clock;
        private BindingListener listener;

        private Builder() {
        }

        /**
         * The URL clients use to reach this service, such as {@code https://api.example.com} (with a
         * path when a proxy strips a prefix): {@code htu} must equal it joined with the request path.
         * Required: the {@code Host} and {@code X-Forwarded-*} headers are the caller's to choose, so
         * they are never used. {@code https}, or {@code http} on a loopback host; no query or fragment.
         */
        public Builder externalBaseUrl(URI url) {
            requireUnset(externalBaseUrl, "externalBaseUrl");
            Objects.requireNonNull(url, "url");
            String text = url.toString();
            if (url.getRawQuery() != null || url.getRawFragment() != null) {
                throw new IllegalArgumentException("DPoP externalBaseUrl '" + text + "' must not have a query or fragment; "
                        + "give the scheme, host, port and path prefix only");
            }
            try {
                UriNormalizer.normalize(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DPoP externalBaseUrl '" + text + "' is not an absolute http(s) URL "
                        + "with a host; give it as clients see it, e.g. https://api.example.com");
            }
            if (url.getScheme().equalsIgnoreCase("http") && !isLoopback(url.getHost())) {
                throw new IllegalArgumentException("DPoP externalBaseUrl '" + text + "' uses http on a host that is not "
                        + "loopback; use the https URL clients reach this service at");
            }
            this.externalBaseUrl = url;
            return this;
        }

        /** The resource's policy (default {@link DpopPolicy#ALLOWED}). */
        public Builder policy(DpopPolicy policy) {
            requireUnset(this.policy, "policy");
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The policy for tokens of one issuer, overriding {@link #policy(DpopPolicy)}. */
        public Builder policy(String issuer, DpopPolicy policy) {
            Objects.requireNonNull(issuer, "issuer");
            if (issuerPolicies.containsKey(issuer)) {
                throw new IllegalStateException("the DPoP policy of issuer " + issuer + " is already set");
            }
            issuerPolicies.put(issuer, Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /**
         * The proof algorithms accepted (default {@code ES256}): any of {@link #SUPPORTED_ALGORITHMS}.
         * {@code none} and HMAC ({@code HS256}...) are refused here: a proof must be signed with the
         * private key of the key pair it names.
         */
        public Builder algorithms(String... algorithms) {
            requireUnset(this.algorithms, "algorithms");
            if (algorithms.length == 0) {
                throw new IllegalArgumentException("DPoP algorithms: give at least one of " + new java.util.TreeSet<>(SUPPORTED_ALGORITHMS));
            }
            Set<String> chosen = new LinkedHashSet<>();
            for (String alg : algorithms) {
                if (!SUPPORTED_ALGORITHMS.contains(alg)) {
                    throw new IllegalArgumentException("DPoP algorithm '" + alg + "' is not accepted: use one of "
                            + new java.util.TreeSet<>(SUPPORTED_ALGORITHMS) + " (asymmetric only; never none or HMAC)");
                }
                chosen.add(alg);
            }
            this.algorithms = List.copyOf(chosen);
            return this;
        }

        /** How far {@code iat} may lie from now, either way, before the clock skew (default 60 s, at most 10 min). */
        public Builder proofWindow(Duration window) {
            requireUnset(proofWindow, "proofWindow");
            if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("DPoP proofWindow must be between 1 ms and " + MAX_WINDOW);
            }
            this.proofWindow = window;
            return this;
        }

        /** Clock skew added to the proof window (default 60 s, the validator's default; at most 5 min). */
        public Builder clockSkew(Duration skew) {
            requireUnset(clockSkew, "clockSkew");
            if (skew.isNegative() || skew.compareTo(MAX_SKEW) > 0) {
                throw new IllegalArgumentException("DPoP clockSkew must be between 0 and " + MAX_SKEW);
            }
            this.clockSkew = skew;
            return this;
        }

        /** Where used {@code jti}s are remembered (default {@link ReplayStore#inMemory(int)} of {@link ReplayStore#DEFAULT_CAPACITY}). */
        public Builder replayStore(ReplayStore store) {
            requireUnset(replayStore, "replayStore");
            this.replayStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Requires server nonces (RFC 9449 section 9), rotated every {@code rotation}: a proof without
         * the current (or previous) nonce is refused with {@code use_dpop_nonce} and the answer's
         * {@code DPoP-Nonce} header gives the nonce to use.
         */
        public Builder requireNonces(Duration rotation) {
            requireUnset(nonceRotation, "requireNonces");
            if (rotation.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("DPoP nonce rotation must be at least 1 s");
            }
            this.nonceRotation = rotation;
            return this;
        }

        /**
         * The secret nonces are derived from (at least 32 bytes), so that every instance of a cluster
         * accepts the others' nonces; default a random secret per verifier. Needs {@link #requireNonces}.
         */
        public Builder nonceSecret(byte[] secret) {
            requireUnset(nonceSecret, "nonceSecret");
            if (secret.length < 32) {
                throw new IllegalArgumentException("DPoP nonceSecret must be at least 32 bytes");
            }
            this.nonceSecret = secret.clone();
            return this;
        }

        /** The clock for {@code iat} and nonces (default the system clock). */
        public Builder clock(Clock clock) {
            requireUnset(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Told about every outcome, for metrics. */
        public Builder listener(BindingListener listener) {
            requireUnset(this.listener, "listener");
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds the verifier. */
        public DpopVerifier build() {
            if (externalBaseUrl == null) {
                throw new IllegalStateException("DPoP needs externalBaseUrl(...): the URL clients use to reach this service, "
                        + "e.g. https://api.example.com; htu is checked against it, never against the Host header");
            }
            if (nonceSecret != null && nonceRotation == null) {
                throw new IllegalStateException("DPoP nonceSecret is set but nonces are off: call requireNonces(rotation) too");
            }
            return new DpopVerifier(this);
        }

        private static boolean isLoopback(String host) {
            if (host == null) {
                return false;
            }
            String h = host.toLowerCase(Locale.ROOT);
            return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("[::1]");
        }

        private static void requireUnset(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException("DPoP " + name + " is already set");
            }
        }
    }
}
