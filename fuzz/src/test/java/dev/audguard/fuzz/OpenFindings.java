package dev.audguard.fuzz;

/**
 * Findings reported to their owner and not fixed yet on this branch. While one is open, its target
 * steps over inputs that only show that same finding, so a campaign (and the short CI runs) keep
 * looking for new ones instead of stopping at the known one. (Finding 1, fixed on branch
 * {@code pipeline} and merged, no longer needs a flag.) Each finding also has a plain
 * regression test in {@link FindingsTest}, which fails until the owner's fix is merged; then the
 * flag goes to {@code false} with it.
 */
final class OpenFindings {
    /**
     * Finding 2 (core, JwksParser / VerificationKey): an RSA key's size is counted on the bytes of
     * {@code n}, so a 512-bit modulus zero-padded to 256 bytes passes the 2048-bit minimum.
     */
    static final boolean RSA_SIZE_COUNTED_ON_PADDED_BYTES = true;

    /**
     * Finding 3 (core, JwksParser / VerificationKey): {@code key_ops} is ignored, so a key published
     * for {@code ["encrypt"]} only (RFC 7517 section 4.3) verifies signatures.
     */
    static final boolean KEY_OPS_IGNORED = true;

    /**
     * Finding 4 (exchange, Sanitizer.errorCode / TokenExchangeException): an issuer's {@code error}
     * that is, or holds, the client secret or the subject token (both fit the error-code characters)
     * is kept and put into the exception's message.
     */
    static final boolean EXCHANGE_ERROR_CODE_KEEPS_SECRETS = true;

    private OpenFindings() {
    }
}
