package dev.audguard.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.audguard.core.internal.JsonObjects;
import dev.audguard.core.internal.KeySource;
import dev.audguard.core.internal.VerificationKey;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Opens an RFC 9701 introspection answer ({@code application/token-introspection+jwt}): a compact
 * JWS whose header {@code typ} is {@code token-introspection+jwt}, signed with an algorithm of the
 * allowlist by a key of the issuer's own key source (the validator's, selected by {@code kid}; a
 * {@code jwk}, {@code jku}, {@code x5u} or {@code x5c} header is never used), whose {@code iss} is
 * the issuer, whose {@code aud} names the introspecting client, whose {@code iat} is within the
 * skew of now, and which carries the RFC 7662 members as the {@code token_introspection} object.
 * Not API.
 *
 * <p>Every failure is a {@link Rejected} with one of the stable problem codes below, never a word
 * of the answer itself. Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9701#section-5">RFC 9701 section 5</a>
 */
final class SignedIntrospectionAnswer {
    /** The media type RFC 9701 section 4 asks for and answers with. */
    static final String MEDIA_TYPE = "application/token-introspection+jwt";
    static final String EXPECTED = "jwt_answer_expected";
    static final String MALFORMED = "jwt_answer_malformed";
    static final String WRONG_TYPE = "jwt_answer_wrong_type";
    static final String ALGORITHM_NOT_ALLOWED = "jwt_answer_algorithm_not_allowed";
    static final String UNKNOWN_KEY = "jwt_answer_unknown_key";
    static final String BAD_SIGNATURE = "jwt_answer_bad_signature";
    static final String WRONG_ISSUER = "jwt_answer_wrong_issuer";
    static final String WRONG_AUDIENCE = "jwt_answer_wrong_audience";
    static final String STALE = "jwt_answer_stale";
    static final String ISSUED_IN_FUTURE = "jwt_answer_issued_in_future";

    private final String issuer;
    private final String audience;
    private final Set<JWSAlgorithm> algorithms;
    private final KeySource keys;
    private final long skewMillis;

    SignedIntrospectionAnswer(String issuer, String audience, Set<JWSAlgorithm> algorithms, KeySource keys, long skewMillis) {
        this.issuer = issuer;
        this.audience = audience;
        this.algorithms = Set.copyOf(algorithms);
        this.keys = keys;
        this.skewMillis = skewMillis;
    }

    /** An answer that is not a trustworthy RFC 9701 answer; {@link #getMessage()} is the stable problem code. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String problem) {
            super(problem, null, false, false);
        }
    }

    /** The algorithms accepted, for diagnostics. */
    Set<JWSAlgorithm> algorithms() {
        return algorithms;
    }

    /** Whether a {@code Content-Type} value names RFC 9701's media type (parameters ignored). */
    static boolean isAnswerMediaType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase(MEDIA_TYPE);
    }

    /**
     * The {@code token_introspection} object of {@code compact}, after every check.
     *
     * @throws Rejected with the first check the answer fails
     * @throws TokenValidationException {@link Reason#KEYS_UNAVAILABLE} when the issuer's keys cannot be had
     */
    Map<String, Object> open(String compact, long nowMillis) throws Rejected {
        String body = compact.trim();
        int secondDot = CompactJws.signatureDot(body);
        if (secondDot < 0 || secondDot + 1 == body.length()) {
            throw new Rejected(MALFORMED);
        }
        int firstDot = body.indexOf('.');
        String encodedHeader = body.substring(0, firstDot);
        Map<String, Object> header = json(encodedHeader);
        if (!(header.get("alg") instanceof String alg) || header.containsKey("enc")) {
            // an encrypted answer (RFC 9701 section 5 allows one) is not supported: configure the issuer to sign only
            throw new Rejected(MALFORMED);
        }
        if (header.containsKey("crit") || header.containsKey("b64")) {
            throw new Rejected(MALFORMED);
        }
        if (!(header.get("typ") instanceof String typ) || !isAnswerType(typ)) {
            throw new Rejected(WRONG_TYPE);
        }
        JWSAlgorithm algorithm = JWSAlgorithm.parse(alg);
        if (!algorithms.contains(algorithm)) {
            throw new Rejected(ALGORITHM_NOT_ALLOWED);
        }
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String)) {
            throw new Rejected(MALFORMED);
        }
        byte[] signature;
        try {
            // Nimbus's header parse refuses what it cannot represent, as it did when it verified too
            JWSHeader.parse(header, new Base64URL(encodedHeader));
            signature = Segments.decode(body.substring(secondDot + 1));
        } catch (java.text.ParseException | RuntimeException e) {
            throw new Rejected(MALFORMED);
        }
        VerificationKey key;
        try {
            key = keys.select((String) kid, algorithm);
        } catch (TokenValidationException e) {
            if (e.reason() == Reason.KEYS_UNAVAILABLE) {
                throw e;
            }
            throw new Rejected(e.reason() == Reason.UNSUPPORTED_ALGORITHM ? ALGORITHM_NOT_ALLOWED : UNKNOWN_KEY);
        }
        // one copy of the body: the signature covers its first secondDot bytes
        if (!key.verify(algorithm, body.getBytes(StandardCharsets.US_ASCII), secondDot, signature)) {
            throw new Rejected(BAD_SIGNATURE);
        }
        Map<String, Object> claims = json(body.substring(firstDot + 1, secondDot));
        if (!issuer.equals(claims.get("iss"))) {
            throw new Rejected(WRONG_ISSUER);
        }
        Object aud = claims.get("aud");
        boolean forUs = aud instanceof String one ? one.equals(audience) : aud instanceof List<?> many && many.contains(audience);
        if (!forUs) {
            throw new Rejected(WRONG_AUDIENCE);
        }
        if (!(claims.get("iat") instanceof Number iat)) {
            throw new Rejected(MALFORMED);
        }
        long issuedAt = iat.longValue() * 1000;
        if (issuedAt > nowMillis + skewMillis) {
            throw new Rejected(ISSUED_IN_FUTURE);
        }
        // the answer is to a call made just now: one issued longer ago than the skew is a replay or a stuck cache
        if (issuedAt < nowMillis - skewMillis
                || (claims.get("exp") instanceof Number exp && exp.longValue() * 1000 + skewMillis < nowMillis)) {
            throw new Rejected(STALE);
        }
        if (!(claims.get("token_introspection") instanceof Map<?, ?> members)) {
            throw new Rejected(MALFORMED);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> introspection = (Map<String, Object>) members;
        return introspection;
    }

    /** RFC 7515 section 4.1.9: the {@code application/} prefix may be left out; media types are case-insensitive. */
    private static boolean isAnswerType(String typ) {
        String lower = typ.toLowerCase(Locale.ROOT);
        return lower.equals("token-introspection+jwt") || lower.equals(MEDIA_TYPE);
    }

    private static Map<String, Object> json(String segment) throws Rejected {
        try {
            byte[] bytes = Segments.decode(segment);
            return JsonObjects.parse(bytes, 0, bytes.length);
        } catch (java.io.IOException | RuntimeException e) {
            throw new Rejected(MALFORMED);
        }
    }
}
