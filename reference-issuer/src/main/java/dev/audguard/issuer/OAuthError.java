package dev.audguard.issuer;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An OAuth error answer to inject ({@link RealmErrors}): an HTTP status and an RFC 6749 section
 * 5.2 body {@code {"error": "...", "error_description": "..."}}, as a real issuer answers a
 * refused request, beside the HTTP-level {@link Fault}s.
 *
 * <pre>{@code
 * demo.errors().nextRequest(IssuerEndpoint.TOKEN, OAuthError.of(400, "invalid_grant", "Token is not active"));
 * demo.errors().forToken(refreshToken, OAuthError.temporarilyUnavailable());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param status 400 to 599
 * @param error the {@code error} code, e.g. {@code invalid_grant}
 * @param description the {@code error_description}, or null for none
 */
public record OAuthError(int status, String error, String description) {

    /** RFC 6749 appendix A.7 and A.8: printable ASCII without {@code "} and {@code \}. */
    private static final Pattern TEXT = Pattern.compile("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*");

    /**
     * Checks the answer is one RFC 6749 allows.
     *
     * @throws IllegalArgumentException for another status or characters RFC 6749 does not allow
     */
    public OAuthError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400 to 599");
        }
        if (Objects.requireNonNull(error, "error").isEmpty() || !TEXT.matcher(error).matches() || error.contains(" ")) {
            throw new IllegalArgumentException("error must be printable ASCII without spaces, quotes or backslashes (RFC 6749 A.7)");
        }
        if (description != null && !TEXT.matcher(description).matches()) {
            throw new IllegalArgumentException("error_description must be printable ASCII without quotes or backslashes (RFC 6749 A.8)");
        }
    }

    /**
     * The same as the constructor, kept as the factory the examples use.
     *
     * @throws IllegalArgumentException for another status or characters RFC 6749 does not allow
     */
    public static OAuthError of(int status, String error, String description) {
        return new OAuthError(status, error, description);
    }

    /** 400 {@code invalid_grant}, as for a revoked or expired refresh token or subject token. */
    public static OAuthError invalidGrant(String description) {
        return of(400, "invalid_grant", description);
    }

    /** 503 {@code temporarily_unavailable}. */
    public static OAuthError temporarilyUnavailable() {
        return of(503, "temporarily_unavailable", "The server is temporarily unavailable");
    }

    @Override
    public String toString() {
        return "OAuthError[" + status + " " + error + "]";
    }
}
