package dev.audguard.fuzz;

/**
 * Findings reported to their owner and not fixed yet on this branch. While one is open, its target
 * steps over inputs that only show that same finding, so a campaign and the short CI runs keep
 * looking for new ones instead of stopping at the known one. Each also has a plain regression test
 * in {@link FindingsTest}, which fails until the owner's fix is merged; then its flag goes.
 */
final class OpenFindings {
    /**
     * Finding 5 (core, TokenValidator / TokenHeader): a header with {@code "b64": false} but no
     * {@code crit} is accepted and verified over the base64url payload, where RFC 7797 gives
     * {@code b64: false} another signing input (Nimbus refuses the signature) and forbids it for JWTs.
     */
    static final boolean B64_HEADER_IGNORED = false;

    private OpenFindings() {
    }
}
