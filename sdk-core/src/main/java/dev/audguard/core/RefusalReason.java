package dev.audguard.core;

import java.util.Objects;

/**
 * What every refusal reason fixes: a stable snake_case code, the HTTP status an adapter answers
 * with, the OAuth error code and fixed wording. {@link Reason} (the validator's reasons) and
 * {@link dev.audguard.core.binding.BindingReason} (sender binding's) implement it, so the two
 * enums read their answer the same way instead of each carrying a copy of the same fields.
 *
 * <p>Codes are added over time and never renamed. {@link #description()} never contains the
 * token or anything the caller sent, so it may be returned as an {@code error_description}.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 section 3.1</a>
 */
public interface RefusalReason {
    /** The code, status, error code and wording of one reason. */
    Definition definition();

    /** The stable snake_case code, such as {@code audience_mismatch}. */
    default String code() {
        return definition().code();
    }

    /** The HTTP status an adapter answers with. */
    default int httpStatus() {
        return definition().httpStatus();
    }

    /**
     * The OAuth error code for the response, such as {@code invalid_token}; only the codes the
     * scheme's RFC defines ever appear in a {@code WWW-Authenticate} challenge.
     */
    default String errorCode() {
        return definition().errorCode();
    }

    /** Fixed wording, safe to return to a caller. */
    default String description() {
        return definition().description();
    }

    /**
     * Whether the caller's token (or request) is at fault, as opposed to this service or its
     * dependencies (issuer keys, introspection, the replay store, a bug): a 5xx status is never
     * the caller's fault.
     */
    default boolean isCallerFault() {
        return httpStatus() < 500;
    }

    /**
     * The parts of one refusal reason. Immutable and thread-safe.
     *
     * @param code stable snake_case code
     * @param httpStatus the HTTP status an adapter answers with
     * @param errorCode the OAuth error code
     * @param description fixed wording, safe to return to a caller
     */
    record Definition(String code, int httpStatus, String errorCode, String description) {
        /** @throws NullPointerException if a text part is {@code null} */
        public Definition {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(description, "description");
        }
    }
}
