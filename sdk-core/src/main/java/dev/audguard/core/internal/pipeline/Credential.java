package dev.audguard.core.internal.pipeline;

import java.util.Objects;

/**
 * The credentials a request carries: the {@code Authorization} scheme (lower case, such as
 * {@code bearer} or {@code dpop}) and the token. Not API.
 *
 * <p>{@link #toString()} shows the scheme only. Immutable and thread-safe.
 *
 * @param scheme the scheme in lower case
 * @param token the token, syntax-checked as an RFC 6750 {@code b64token}
 */
public record Credential(String scheme, String token) {
    /** The scheme of RFC 6750. */
    public static final String BEARER = "bearer";

    /** Checks both are present. */
    public Credential {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(token, "token");
    }

    /** Whether the scheme is {@code Bearer}. */
    public boolean isBearer() {
        return BEARER.equals(scheme);
    }

    @Override
    public String toString() {
        return "Credential[" + scheme + ']';
    }
}
