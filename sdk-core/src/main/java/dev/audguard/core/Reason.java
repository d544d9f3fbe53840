package dev.audguard.core;

/**
 * Why a token was refused, as a stable machine-readable code.
 *
 * <p>Codes are snake_case, are added over time and are never renamed, so they are safe to use in
 * metrics, alerts and tests. Each reason also fixes how an HTTP adapter answers (RFC 6750 section
 * 3.1): a token that is bad is {@code 401 invalid_token}, a token that lacks a scope is
 * {@code 403 insufficient_scope}, a request that is malformed is {@code 400 invalid_request}, and a
 * token that could not be checked because the issuer's keys are unavailable is {@code 503}: the
 * caller is not at fault there.
 *
 * <p>{@link #description()} is fixed wording that never contains the token or anything the caller
 * sent, so it may be returned to the caller as an {@code error_description}.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 section 3.1</a>
 */
public enum Reason implements RefusalReason {
    /** The request carried credentials in a way RFC 6750 does not allow (several, in the query, bad header). */
    INVALID_REQUEST("invalid_request", 400, "invalid_request", "The request does not carry a bearer token in a valid way."),
    /** Not a compact JWS with three base64url parts, or a part that is not the JSON it must be. */
    MALFORMED("malformed", 401, "invalid_token", "The access token is malformed."),
    /** Longer than the configured maximum; refused before any parsing. */
    TOKEN_TOO_LARGE("token_too_large", 401, "invalid_token", "The access token is too large."),
    /** The {@code alg} is not allowed, is not asymmetric, or does not fit the selected key. */
    UNSUPPORTED_ALGORITHM("unsupported_algorithm", 401, "invalid_token", "The access token is signed with an algorithm that is not accepted."),
    /** No key of the trusted issuer fits the token's {@code kid} (or, without {@code kid}, not exactly one fits). */
    UNKNOWN_KEY("unknown_key", 401, "invalid_token", "The access token is signed with an unknown key."),
    /** The signature does not verify with the selected key. */
    BAD_SIGNATURE("bad_signature", 401, "invalid_token", "The access token signature is invalid."),
    /** {@code exp} is in the past, beyond the allowed clock skew. */
    EXPIRED("expired", 401, "invalid_token", "The access token has expired."),
    /** {@code nbf} is in the future, beyond the allowed clock skew. */
    NOT_YET_VALID("not_yet_valid", 401, "invalid_token", "The access token is not valid yet."),
    /** {@code iat} is in the future, beyond the allowed clock skew. */
    ISSUED_IN_FUTURE("issued_in_future", 401, "invalid_token", "The access token was issued in the future."),
    /** {@code iss} is not one of the configured issuers (exact match). */
    UNTRUSTED_ISSUER("untrusted_issuer", 401, "invalid_token", "The access token was not issued by a trusted issuer."),
    /** {@code aud} is missing, empty, or does not name this service as the configured rule requires. */
    AUDIENCE_MISMATCH("audience_mismatch", 401, "invalid_token", "The access token is not intended for this service."),
    /** A claim that is required is absent. */
    MISSING_CLAIM("missing_claim", 401, "invalid_token", "The access token lacks a required claim."),
    /** A claim has the wrong type or a value that is not accepted. */
    INVALID_CLAIM("invalid_claim", 401, "invalid_token", "The access token has an invalid claim."),
    /** Not an access token: an ID token, a refresh token, or a {@code typ} that is not accepted. */
    WRONG_TOKEN_TYPE("wrong_token_type", 401, "invalid_token", "The token is not an access token."),
    /** Valid, but without every scope this resource requires. */
    INSUFFICIENT_SCOPE("insufficient_scope", 403, "insufficient_scope", "The access token does not grant the required scope."),
    /** The issuer's keys could not be obtained, so the token could not be checked. Not the caller's fault. */
    KEYS_UNAVAILABLE("keys_unavailable", 503, "temporarily_unavailable", "The access token cannot be checked right now; try again later."),
    /**
     * Checking the token failed with an exception nobody expected (a bug, a misbehaving custom
     * check): answered {@code 500 server_error} with fixed wording, logged at ERROR with the
     * exception class, and counted apart from {@link #KEYS_UNAVAILABLE} so a bug does not look like
     * an issuer outage. Not the caller's fault.
     */
    INTERNAL_ERROR("internal_error", 500, "server_error", "The access token could not be checked because of an internal error."),
    /** Valid, but the token carries none of the roles this resource requires. */
    INSUFFICIENT_ROLE("insufficient_role", 403, "access_denied", "The access token does not carry a role this resource requires."),
    /** Valid, but this resource admits nobody ({@code @DenyAll}, a deny-all rule). */
    ACCESS_DENIED("access_denied", 403, "access_denied", "Access to this resource is denied."),
    /**
     * The request path cannot be matched against the path rules safely: it still holds encoded or
     * ambiguous pieces after the host decoded it ({@code %}, {@code \}, {@code ;}, {@code //},
     * dot segments, a segment ending in a dot, control characters).
     */
    INVALID_PATH("invalid_path", 400, "invalid_request", "The request path is not accepted."),
    /** The issuer says the token is not active (RFC 7662): revoked, expired, unknown, or not for the asking client. */
    INACTIVE("inactive", 401, "invalid_token", "The access token is not active."),
    /**
     * The issuer's introspection answer could not be trusted: a signed answer (RFC 9701) was required
     * and the issuer sent plain JSON, or the signed answer failed a check (its {@code typ}, algorithm,
     * key, signature, {@code iss}, {@code aud}, {@code iat}). Says nothing of the token, so it is a
     * {@code 503} like {@link #KEYS_UNAVAILABLE}, counted apart so that a forged or misconfigured
     * answer does not look like an outage; {@link TokenIntrospector#health()} names the check. Not
     * the caller's fault.
     */
    INTROSPECTION_ANSWER_REJECTED("introspection_answer_rejected", 503, "temporarily_unavailable",
            "The access token cannot be checked right now; try again later.");

    private final Definition definition;

    Reason(String code, int httpStatus, String errorCode, String description) {
        this.definition = new Definition(code, httpStatus, errorCode, description);
    }

    /**
     * The code, status, error code and wording. The status is 400, 401, 403, 500 or 503; the error
     * code is {@code invalid_request}, {@code invalid_token} or {@code insufficient_scope} (RFC 6750),
     * or {@code temporarily_unavailable} ({@link #KEYS_UNAVAILABLE}), {@code server_error}
     * ({@link #INTERNAL_ERROR}) or {@code access_denied} (roles, deny-all), which are not RFC 6750
     * errors and so never appear in a {@code WWW-Authenticate} challenge (only in the body). Only
     * {@link #KEYS_UNAVAILABLE}, {@link #INTERNAL_ERROR} and {@link #INTROSPECTION_ANSWER_REJECTED}
     * are not the caller's fault.
     */
    @Override
    public Definition definition() {
        return definition;
    }

    /** The reason with {@code code}, or {@code null}. */
    static Reason byCode(String code) {
        for (Reason reason : values()) {
            if (reason.code().equals(code)) {
                return reason;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return definition.code();
    }
}
