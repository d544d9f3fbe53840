package dev.audguard.core.internal.pipeline;

import dev.audguard.core.AccessRule;
import dev.audguard.core.Reason;
import dev.audguard.core.Refusal;

import java.util.Set;

/**
 * The authorization step: what a rule asks beyond the token check (deny-all, roles). Scopes and
 * audience are the token check's ({@link dev.audguard.core.Requirements}); a per-operation scope
 * map (MCP tools) resolves to an {@link AccessRule} before this step. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class AccessCheck {
    private AccessCheck() {
    }

    /**
     * {@code null} when a token carrying {@code tokenRoles} may pass {@code rule}; else the refusal:
     * {@link Reason#ACCESS_DENIED} for deny-all, {@link Reason#INSUFFICIENT_ROLE} when the rule
     * names roles and the token carries none of them.
     */
    public static Refusal check(AccessRule rule, Set<String> tokenRoles) {
        if (rule.access() == AccessRule.Access.DENY_ALL) {
            return Refusal.of(Reason.ACCESS_DENIED);
        }
        Set<String> required = rule.roles();
        if (required.isEmpty()) {
            return null;
        }
        for (String role : required) {
            if (tokenRoles.contains(role)) {
                return null;
            }
        }
        return Refusal.of(Reason.INSUFFICIENT_ROLE);
    }
}
