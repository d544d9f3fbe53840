package dev.audguard.exchange;

/**
 * The token type identifiers of RFC 8693 section 3, for {@code subject_token_type},
 * {@code actor_token_type}, {@code requested_token_type} and {@code issued_token_type}.
 *
 * <p>Thread-safe (constants only).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693#section-3">RFC 8693 section 3</a>
 */
public final class TokenTypes {
    /** An OAuth 2.0 access token: the default subject, actor and requested type. */
    public static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    /** An OAuth 2.0 refresh token. */
    public static final String REFRESH_TOKEN = "urn:ietf:params:oauth:token-type:refresh_token";
    /** An OpenID Connect ID token. */
    public static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
    /** A JWT (RFC 7519). */
    public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";
    /** A base64url-encoded SAML 1.1 assertion. */
    public static final String SAML1 = "urn:ietf:params:oauth:token-type:saml1";
    /** A base64url-encoded SAML 2.0 assertion. */
    public static final String SAML2 = "urn:ietf:params:oauth:token-type:saml2";

    private TokenTypes() {
    }

    /** Whether {@code type} is a URI, as RFC 8693 requires of token type identifiers (a rough check: a scheme and no whitespace). */
    static boolean isTokenTypeUri(String type) {
        return type != null && type.matches("[A-Za-z][A-Za-z0-9+.-]*:[\\x21-\\x7E]+");
    }
}
