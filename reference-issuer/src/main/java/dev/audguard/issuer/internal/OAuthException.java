package dev.audguard.issuer.internal;

import java.util.Map;

/**
 * An RFC 6749 section 5.2 error answer: HTTP status, {@code error} code and a fixed
 * {@code error_description}. Descriptions never carry a token, a secret or a password.
 */
public final class OAuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final transient Map<String, String> headers;

    public OAuthException(int status, String error, String description) {
        this(status, error, description, Map.of());
    }

    public OAuthException(int status, String error, String description, Map<String, String> headers) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(400, "invalid_request", description);
    }

    public static OAuthException invalidGrant(String description) {
        return new OAuthException(400, "invalid_grant", description);
    }

    public static OAuthException invalidScope(String description) {
        return new OAuthException(400, "invalid_scope", description);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The same answer with one more header (an existing one of that name is kept). */
    public OAuthException withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.putIfAbsent(name, value);
        return new OAuthException(status, error, getMessage(), more);
    }
}
