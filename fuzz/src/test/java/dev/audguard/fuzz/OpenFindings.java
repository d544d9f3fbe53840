package dev.audguard.fuzz;

/**
 * Findings reported to their owner and not fixed yet on this branch. While one is open, its target
 * steps over inputs that only show that same finding (behind a flag declared here), so a campaign
 * and the short CI runs keep looking for new ones instead of stopping at the known one; its plain
 * regression test in {@link FindingsTest} fails until the owner's fix is merged, and then the flag
 * goes with it.
 *
 * <p>None is open: findings 1 to 4 (module README) were fixed on their owners' branches
 * ({@code pipeline}, {@code core}, {@code exchange}) and merged here.
 */
final class OpenFindings {
    private OpenFindings() {
    }
}
