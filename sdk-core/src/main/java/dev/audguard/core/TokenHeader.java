package dev.audguard.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JWS header that passed the structural checks every token must pass, whoever issued it.
 *
 * <p>All tokens signed with one key share one header, so parsed headers are kept in a small,
 * bounded cache keyed by the header's base64url text: parsing it again for every request would
 * be work done twice on the hot path. Only headers that passed are kept, so junk cannot fill it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param header the Nimbus header the verifier needs
 * @param algorithm the {@code alg}: always one of the supported asymmetric algorithms
 * @param keyId the {@code kid}, or {@code null}
 * @param accessTokenType whether {@code typ} is {@code at+jwt} (RFC 9068)
 */
record TokenHeader(JWSHeader header, JWSAlgorithm algorithm, String keyId, boolean accessTokenType) {
    private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");
    private static final int MAX_CACHED = 64;

    /** Parses and checks headers, remembering the ones that pass. */
    static final class Parser {
        private final Map<String, TokenHeader> cache = new ConcurrentHashMap<>();

        TokenHeader parse(String encoded) {
            TokenHeader known = cache.get(encoded);
            if (known != null) {
                return known;
            }
            TokenHeader parsed = TokenHeader.parse(encoded);
            if (cache.size() < MAX_CACHED) {
                cache.putIfAbsent(encoded, parsed);
            }
            return parsed;
        }
    }

    /**
     * Parses {@code encoded} and applies the checks that depend on no issuer: an asymmetric
     * {@code alg} we support, no {@code crit}, not encrypted, not nested, an accepted {@code typ}.
     * Headers naming keys ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) are parsed but never
     * used to find a key.
     */
    static TokenHeader parse(String encoded) {
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(new String(Segments.decode(encoded), StandardCharsets.UTF_8));
        } catch (ParseException | RuntimeException e) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
        if (!(json.get("alg") instanceof String alg)) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
        if (json.containsKey("enc")) {
            // a JWE header: encrypted tokens are not access tokens we can verify
            throw new TokenValidationException(Reason.MALFORMED);
        }
        if (!PolicyBuilder.SUPPORTED_ALGORITHMS.contains(alg)) {
            throw new TokenValidationException(Reason.UNSUPPORTED_ALGORITHM);
        }
        if (json.containsKey("crit")) {
            // we understand no extension, so any critical one makes the token unusable (RFC 7515 section 4.1.11)
            throw new TokenValidationException(Reason.MALFORMED);
        }
        Object contentType = json.get("cty");
        if (contentType != null && (!(contentType instanceof String cty) || cty.equalsIgnoreCase("JWT"))) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
        Object type = json.get("typ");
        boolean accessTokenType = false;
        if (type != null) {
            if (!(type instanceof String typ) || !ACCEPTED_TYPES.contains(typ.toLowerCase(Locale.ROOT))) {
                throw new TokenValidationException(Reason.WRONG_TOKEN_TYPE);
            }
            accessTokenType = !typ.equalsIgnoreCase("JWT");
        }
        Object kid = json.get("kid");
        if (kid != null && !(kid instanceof String)) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
        try {
            JWSHeader header = JWSHeader.parse(json, new Base64URL(encoded));
            return new TokenHeader(header, header.getAlgorithm(), (String) kid, accessTokenType);
        } catch (ParseException | RuntimeException e) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
    }
}
