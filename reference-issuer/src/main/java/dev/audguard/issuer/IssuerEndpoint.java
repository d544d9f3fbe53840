package dev.audguard.issuer;

/**
 * The endpoints whose answers {@link RealmErrors} can replace with an OAuth error.
 *
 * <p>Immutable and thread-safe.
 */
public enum IssuerEndpoint {
    /** {@code /protocol/openid-connect/token}: every grant, token exchange included. */
    TOKEN("token"),
    /** {@code /protocol/openid-connect/token/introspect}. */
    INTROSPECTION("introspect"),
    /** {@code /protocol/openid-connect/userinfo}. */
    USERINFO("userinfo"),
    /** {@code /protocol/openid-connect/revoke} (RFC 7009). */
    REVOCATION("revoke"),
    /** {@code /protocol/openid-connect/logout}. */
    LOGOUT("logout");

    private final String shortName;

    IssuerEndpoint(String shortName) {
        this.shortName = shortName;
    }

    /** The name {@link RecordedRequest#endpoint()} uses. */
    public String shortName() {
        return shortName;
    }
}
