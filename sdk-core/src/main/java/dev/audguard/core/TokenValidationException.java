package dev.audguard.core;

import java.util.Objects;
import java.util.Set;

/**
 * A token was refused, or could not be checked; {@link #reason()} says which.
 *
 * <p>The message is the reason's fixed {@linkplain Reason#description() description}: it never
 * contains the token or any string the caller sent, so it is safe to log and to return.
 * Tests and callers should branch on {@link #reason()}, not on the message.
 *
 * <p>It carries no stack trace of its own (refusals are expected outcomes, and a flood of junk
 * tokens must not cost a stack walk each); a {@linkplain #getCause() cause}, when there is one,
 * keeps its trace.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final Set<String> requiredScopes;

    /** A refusal for {@code reason}. */
    public TokenValidationException(Reason reason) {
        this(reason, Set.of(), null);
    }

    /** A refusal for {@code reason} caused by {@code cause}; the cause is kept for diagnostics, never shown to callers. */
    public TokenValidationException(Reason reason, Throwable cause) {
        this(reason, Set.of(), cause);
    }

    private TokenValidationException(Reason reason, Set<String> requiredScopes, Throwable cause) {
        // No stack trace: a refusal is an expected outcome, not a bug, and a flood of junk tokens
        // must not cost a stack walk each. The reason says what happened; a cause keeps its own trace.
        super(Objects.requireNonNull(reason, "reason").description(), cause, true, false);
        this.reason = reason;
        this.requiredScopes = Set.copyOf(requiredScopes);
    }

    /**
     * An {@link Reason#INSUFFICIENT_SCOPE} refusal naming the scopes the resource requires, which an
     * adapter lists in the challenge's {@code scope} attribute (RFC 6750 section 3).
     */
    public static TokenValidationException insufficientScope(Set<String> requiredScopes) {
        return new TokenValidationException(Reason.INSUFFICIENT_SCOPE, requiredScopes, null);
    }

    /** Why the token was refused. */
    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#INSUFFICIENT_SCOPE}: the scopes the resource requires; otherwise empty. */
    public Set<String> requiredScopes() {
        return requiredScopes;
    }
}
