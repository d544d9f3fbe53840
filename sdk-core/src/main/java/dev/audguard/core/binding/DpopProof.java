package dev.audguard.core.binding;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A DPoP proof that passed every check of a {@link DpopVerifier}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param keyThumbprint the RFC 7638 SHA-256 thumbprint of the proof key (equal to the token's {@code cnf.jkt})
 * @param proofId the proof's {@code jti}, now remembered as used
 * @param issuedAt the proof's {@code iat}
 * @param nextNonce the {@code DPoP-Nonce} to send back, when the resource uses nonces
 */
public record DpopProof(String keyThumbprint, String proofId, Instant issuedAt, Optional<String> nextNonce) {
    /** Checks the fields. */
    public DpopProof {
        Objects.requireNonNull(keyThumbprint, "keyThumbprint");
        Objects.requireNonNull(proofId, "proofId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(nextNonce, "nextNonce");
    }
}
