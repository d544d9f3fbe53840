package dev.audguard.issuer;

/**
 * The token endpoint answered with an error (RFC 6749 section 5.2). Carries the status, the
 * {@code error} code and the {@code error_description}; never a token or a secret.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String errorDescription;

    TokenRequestException(int status, String error, String errorDescription) {
        super("token endpoint answered " + status + " " + error
                + (errorDescription == null ? "" : ": " + errorDescription));
        this.status = status;
        this.error = error;
        this.errorDescription = errorDescription;
    }

    public int status() {
        return status;
    }

    /** The {@code error} code, e.g. {@code invalid_request}. */
    public String error() {
        return error;
    }

    /** The {@code error_description}, or null. */
    public String errorDescription() {
        return errorDescription;
    }
}
