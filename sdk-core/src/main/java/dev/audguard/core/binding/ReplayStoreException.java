package dev.audguard.core.binding;

import java.util.Objects;

/**
 * A {@link ReplayStore} could not say whether a value is fresh. The verifier refuses the request
 * ({@link BindingReason#REPLAY_STORE_UNAVAILABLE} or {@link BindingReason#REPLAY_STORE_FULL}, both
 * 503): it never accepts a proof it could not check.
 *
 * <p>The message is fixed wording; the cause, when there is one, keeps the client library's error for
 * diagnostics. Immutable and thread-safe.
 */
public final class ReplayStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The store did not answer (unreachable, timed out, refused the command). */
        UNAVAILABLE,
        /** The store is full of live entries. */
        FULL
    }

    private final Kind kind;

    /** A failure of {@code kind}. */
    public ReplayStoreException(Kind kind) {
        this(kind, null);
    }

    /** A failure of {@code kind} caused by {@code cause}. */
    public ReplayStoreException(Kind kind, Throwable cause) {
        super(Objects.requireNonNull(kind, "kind") == Kind.FULL ? "the replay store is full" : "the replay store is unavailable",
                cause, true, false);
        this.kind = kind;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The refusal this failure gives. */
    public BindingReason reason() {
        return kind == Kind.FULL ? BindingReason.REPLAY_STORE_FULL : BindingReason.REPLAY_STORE_UNAVAILABLE;
    }
}
