package dev.audguard.core.binding;

import java.util.Objects;
import java.util.Optional;

/**
 * A sender-constrained request was refused, or could not be checked; {@link #reason()} says which.
 *
 * <p>The message is the reason's fixed description: never the token, the proof or anything the
 * caller sent. For {@code use_dpop_nonce} refusals {@link #nonce()} is the nonce the caller must use,
 * to be sent as the {@code DPoP-Nonce} response header (RFC 9449 section 9). No stack trace of its own:
 * a refusal is an expected outcome.
 *
 * <p>Immutable and thread-safe.
 */
public final class SenderBindingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final BindingReason reason;
    private final String nonce;

    /** A refusal for {@code reason}. */
    public SenderBindingException(BindingReason reason) {
        this(reason, null, null);
    }

    /** A refusal for {@code reason} caused by {@code cause}, kept for diagnostics and never shown to callers. */
    public SenderBindingException(BindingReason reason, Throwable cause) {
        this(reason, null, cause);
    }

    SenderBindingException(BindingReason reason, String nonce, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason").description(), cause, true, false);
        this.reason = reason;
        this.nonce = nonce;
    }

    /** A {@code use_dpop_nonce} refusal telling the caller which nonce to use. */
    public static SenderBindingException useNonce(BindingReason reason, String nonce) {
        return new SenderBindingException(reason, Objects.requireNonNull(nonce, "nonce"), null);
    }

    /** Why the request was refused. */
    public BindingReason reason() {
        return reason;
    }

    /** The value of the {@code DPoP-Nonce} header to answer with, when the resource uses nonces. */
    public Optional<String> nonce() {
        return Optional.ofNullable(nonce);
    }
}
