package dev.audguard.core.binding;

import dev.audguard.core.RefusalReason;

/**
 * Why a sender-constrained request was refused, as a stable snake_case code, with the HTTP answer it
 * gets.
 *
 * <p>Codes are added over time and never renamed. {@link #description()} is fixed wording that never
 * contains the token, the proof or anything else the caller sent, so it may be returned as an
 * {@code error_description}. Proof faults answer {@code 401 invalid_dpop_proof} (RFC 9449 section 7.1),
 * a missing or stale server nonce {@code 401 use_dpop_nonce} (section 9), token faults {@code 401
 * invalid_token}, and a replay store that cannot answer {@code 503}: the caller is not at fault there,
 * exactly as with unavailable issuer keys.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-7.1">RFC 9449 section 7.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8705#section-3">RFC 8705 section 3</a>
 */
public enum BindingReason implements RefusalReason {
    /** {@code Authorization: DPoP} without a {@code DPoP} header, or a DPoP-bound token without a proof. */
    DPOP_PROOF_MISSING("dpop_proof_missing", 401, "invalid_dpop_proof", "The request carries no DPoP proof."),
    /** More than one {@code DPoP} header (or one value holding several). */
    DPOP_PROOF_MULTIPLE("dpop_proof_multiple", 401, "invalid_dpop_proof", "The request carries more than one DPoP proof."),
    /** Not a compact JWS, too large, a header or payload that is not the JSON it must be, or a required claim absent. */
    DPOP_PROOF_MALFORMED("dpop_proof_malformed", 401, "invalid_dpop_proof", "The DPoP proof is malformed."),
    /** The header {@code typ} is not {@code dpop+jwt}. */
    DPOP_PROOF_WRONG_TYPE("dpop_proof_wrong_type", 401, "invalid_dpop_proof", "The DPoP proof is not of type dpop+jwt."),
    /** The {@code alg} is not on this resource's allow list (never {@code none} or HMAC). */
    DPOP_PROOF_UNSUPPORTED_ALGORITHM("dpop_proof_unsupported_algorithm", 401, "invalid_dpop_proof",
            "The DPoP proof is signed with an algorithm that is not accepted."),
    /** The header {@code jwk} is absent, not a public key, carries private members, or does not fit the {@code alg}. */
    DPOP_PROOF_BAD_KEY("dpop_proof_bad_key", 401, "invalid_dpop_proof", "The DPoP proof does not carry an acceptable public key."),
    /** The signature does not verify with the header's {@code jwk}. */
    DPOP_PROOF_BAD_SIGNATURE("dpop_proof_bad_signature", 401, "invalid_dpop_proof", "The DPoP proof signature is invalid."),
    /** {@code htm} is not the request's method. */
    DPOP_PROOF_METHOD_MISMATCH("dpop_proof_method_mismatch", 401, "invalid_dpop_proof", "The DPoP proof was made for another HTTP method."),
    /** {@code htu} is not this request's URI (without query and fragment, after RFC 3986 normalisation). */
    DPOP_PROOF_URI_MISMATCH("dpop_proof_uri_mismatch", 401, "invalid_dpop_proof", "The DPoP proof was made for another URI."),
    /** {@code iat} is outside the accepted window. */
    DPOP_PROOF_STALE("dpop_proof_stale", 401, "invalid_dpop_proof", "The DPoP proof is too old or issued in the future."),
    /** {@code ath} is absent or is not the hash of the access token sent with it. */
    DPOP_PROOF_TOKEN_HASH_MISMATCH("dpop_proof_token_hash_mismatch", 401, "invalid_dpop_proof",
            "The DPoP proof was made for another access token."),
    /** The proof key's RFC 7638 thumbprint is not the token's {@code cnf.jkt}. */
    DPOP_PROOF_KEY_MISMATCH("dpop_proof_key_mismatch", 401, "invalid_dpop_proof",
            "The DPoP proof is signed by a key the access token is not bound to."),
    /** The proof's {@code jti} was seen before for the same key. */
    DPOP_PROOF_REPLAYED("dpop_proof_replayed", 401, "invalid_dpop_proof", "The DPoP proof was used before."),
    /** The resource requires a server nonce and the proof has none. */
    DPOP_NONCE_REQUIRED("dpop_nonce_required", 401, "use_dpop_nonce", "The DPoP proof must carry the server-provided nonce."),
    /** The proof's nonce is not one this resource issued, or has expired. */
    DPOP_NONCE_INVALID("dpop_nonce_invalid", 401, "use_dpop_nonce", "The DPoP proof carries a nonce that is not current."),
    /** A DPoP-bound token ({@code cnf.jkt}) presented with the {@code Bearer} scheme (RFC 9449 section 7.2). */
    DPOP_BOUND_TOKEN_AS_BEARER("dpop_bound_token_as_bearer", 401, "invalid_token",
            "The access token is bound to a key and must be presented with a DPoP proof."),
    /** A token without {@code cnf.jkt} presented with the {@code DPoP} scheme. */
    DPOP_TOKEN_NOT_BOUND("dpop_token_not_bound", 401, "invalid_token", "The access token is not bound to a DPoP key."),
    /** Policy {@code required}: a bearer token, bound to nothing, was presented. */
    DPOP_REQUIRED("dpop_required", 401, "invalid_token", "This resource accepts only DPoP-bound access tokens."),
    /** Policy {@code disabled}: the {@code DPoP} scheme is not accepted here. */
    DPOP_NOT_ACCEPTED("dpop_not_accepted", 401, "invalid_token", "This resource does not accept DPoP-bound access tokens."),
    /** {@code cnf} is not an object, or {@code cnf.jkt} / {@code cnf.x5t#S256} is not a string of the right form. */
    INVALID_CONFIRMATION("invalid_confirmation", 401, "invalid_token", "The access token has an invalid confirmation claim."),
    /** A certificate-bound token ({@code cnf.x5t#S256}) arrived without a client certificate. */
    CERTIFICATE_MISSING("certificate_missing", 401, "invalid_token",
            "The access token is bound to a client certificate and none was presented."),
    /** A certificate-bound token arrived with a client certificate it is not bound to. */
    CERTIFICATE_MISMATCH("certificate_mismatch", 401, "invalid_token",
            "The access token is bound to another client certificate."),
    /** The replay store did not answer (Redis unreachable, timed out); nothing was accepted. Not the caller's fault. */
    REPLAY_STORE_UNAVAILABLE("replay_store_unavailable", 503, "temporarily_unavailable",
            "The request cannot be checked right now; try again later."),
    /** The replay store is full of live entries and refuses new proofs rather than forget one. Not the caller's fault. */
    REPLAY_STORE_FULL("replay_store_full", 503, "temporarily_unavailable",
            "The request cannot be checked right now; try again later.");

    private final Definition definition;

    BindingReason(String code, int httpStatus, String errorCode, String description) {
        this.definition = new Definition(code, httpStatus, errorCode, description);
    }

    /**
     * The code, status, error code and wording. The status is 401 or 503; the error code is
     * {@code invalid_dpop_proof} or {@code use_dpop_nonce} (RFC 9449, in the {@code DPoP} challenge),
     * {@code invalid_token} (in both challenges), or {@code temporarily_unavailable} for the replay
     * store, which never appears in a challenge and is the only one not the caller's fault.
     */
    @Override
    public Definition definition() {
        return definition;
    }

    /** Whether the DPoP proof (rather than the token) is at fault: the answer's {@code DPoP} challenge carries the error. */
    public boolean isProofFault() {
        String errorCode = definition.errorCode();
        return errorCode.equals("invalid_dpop_proof") || errorCode.equals("use_dpop_nonce");
    }

    @Override
    public String toString() {
        return definition.code();
    }
}
