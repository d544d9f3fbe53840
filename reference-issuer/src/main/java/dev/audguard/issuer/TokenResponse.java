package dev.audguard.issuer;

import java.util.Map;
import java.util.Optional;

/**
 * A successful token endpoint answer. {@link #toString()} shows no token.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.1">RFC 6749 section 5.1</a>
 */
public final class TokenResponse {

    private final Map<String, Object> json;

    TokenResponse(Map<String, Object> json) {
        this.json = Map.copyOf(json);
    }

    public String accessToken() {
        return (String) json.get("access_token");
    }

    /** {@code Bearer}, or {@code N_A} for an exchanged ID token. */
    public String tokenType() {
        return (String) json.get("token_type");
    }

    /** Seconds until the access token expires. */
    public long expiresIn() {
        return json.get("expires_in") instanceof Number n ? n.longValue() : 0;
    }

    public String scope() {
        return (String) json.get("scope");
    }

    /** Present when {@code scope} held {@code openid}. */
    public Optional<String> idToken() {
        return Optional.ofNullable((String) json.get("id_token"));
    }

    public Optional<String> refreshToken() {
        return Optional.ofNullable((String) json.get("refresh_token"));
    }

    /** RFC 8693's {@code issued_token_type}, for token exchange. */
    public Optional<String> issuedTokenType() {
        return Optional.ofNullable((String) json.get("issued_token_type"));
    }

    /** Every member of the JSON answer. */
    public Map<String, Object> json() {
        return json;
    }

    @Override
    public String toString() {
        return "TokenResponse[token_type=" + tokenType() + ", expires_in=" + expiresIn() + ", scope=" + scope()
                + ", id_token=" + idToken().isPresent() + ", refresh_token=" + refreshToken().isPresent() + "]";
    }
}
