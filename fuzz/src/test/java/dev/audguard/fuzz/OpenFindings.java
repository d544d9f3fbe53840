package dev.audguard.fuzz;

/**
 * Findings reported to their owner and not fixed yet on this branch. While one is open, its target
 * steps over inputs that only show that same finding, so a campaign (and the short CI runs) keep
 * looking for new ones instead of stopping at the known one. Each finding also has a plain
 * regression test in {@link FindingsTest}, which fails until the owner's fix is merged; then the
 * flag goes to {@code false} with it.
 */
final class OpenFindings {
    /**
     * Finding 1 (pipeline, BearerTokens): {@code String.strip()} removes every Unicode whitespace
     * character around the header value ({@code U+001C..U+001F}, {@code U+000B}, {@code U+2000}...),
     * where RFC 9110 section 5.5 trims only SP and HTAB.
     */
    static final boolean BEARER_STRIPS_UNICODE_WHITESPACE = true;

    private OpenFindings() {
    }
}
