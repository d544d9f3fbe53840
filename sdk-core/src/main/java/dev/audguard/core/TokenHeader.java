package dev.audguard.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.internal.JsonValues;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JOSE header of a verified token (RFC 7515 section 4), as parsed once by the validator: adapters
 * read it from {@link VerifiedToken#header()} instead of parsing the token again.
 *
 * <p>Every header here passed the structural checks every token must pass, whoever issued it: an
 * asymmetric {@code alg} the validator supports, no {@code crit}, not encrypted, not nested, an
 * accepted {@code typ}. All tokens signed with one key share one header, so parsed headers are kept
 * in a small, bounded cache keyed by the header's base64url text; only headers that passed are kept,
 * so junk cannot fill it.
 *
 * <p>Immutable and thread-safe. Parameter values are {@code String}, {@code Boolean}, {@code Long},
 * {@code Double}, unmodifiable {@code List} or unmodifiable {@code Map}.
 */
public final class TokenHeader {
    private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");
    private static final int MAX_CACHED = 64;

    private final JWSAlgorithm algorithm;
    private final String keyId;
    private final boolean accessTokenType;
    private final Map<String, Object> parameters;

    private TokenHeader(JWSAlgorithm algorithm, String keyId, boolean accessTokenType, Map<String, Object> parameters) {
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.accessTokenType = accessTokenType;
        this.parameters = JsonValues.readOnlyMap(parameters);
    }

    /** The {@code alg}: one of RS256..RS512, PS256..PS512, ES256..ES512. */
    public String algorithm() {
        return algorithm.getName();
    }

    /** The {@code kid}, when the token names its key. */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /** The {@code typ}, when present ({@code JWT}, {@code at+jwt} or {@code application/at+jwt}). */
    public Optional<String> type() {
        return parameters.get("typ") instanceof String typ ? Optional.of(typ) : Optional.empty();
    }

    /** Every header parameter, read-only, as the token carried it. */
    public Map<String, Object> parameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return "TokenHeader{alg=" + algorithm() + ", kid=" + keyId + '}';
    }

    JWSAlgorithm jwsAlgorithm() {
        return algorithm;
    }

    /** The {@code kid} or {@code null}, for key selection. */
    String keyIdOrNull() {
        return keyId;
    }

    /** Whether {@code typ} is {@code at+jwt} (RFC 9068). */
    boolean accessTokenType() {
        return accessTokenType;
    }

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
        if (json.containsKey("crit") || json.containsKey("b64")) {
            // we understand no extension, so any critical one makes the token unusable (RFC 7515 section 4.1.11);
            // "b64" (RFC 7797) changes what the signature covers, so it is refused too, even without crit
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
            return new TokenHeader(header.getAlgorithm(), (String) kid, accessTokenType, json);
        } catch (ParseException | RuntimeException e) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
    }
}
