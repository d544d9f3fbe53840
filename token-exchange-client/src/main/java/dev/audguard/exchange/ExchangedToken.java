package dev.audguard.exchange;

import dev.audguard.core.Fingerprints;
import dev.audguard.exchange.internal.IssuedToken;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A token issued by an RFC 8693 exchange, checked: {@code access_token}, {@code issued_token_type}
 * and {@code token_type} were present, and for an access token {@code token_type} was
 * {@code Bearer}, or {@code DPoP} when the client sent a DPoP proof
 * ({@link TokenExchangeClient.Builder#dpop}).
 *
 * <p>{@link #expiresAt()} comes from {@code expires_in}, or, when the issuer left it out, from the
 * token's own {@code exp} if it is a JWT, else from the client's default lifetime.
 * {@link #scopes()} is the granted {@code scope}, or the requested scopes when the issuer left it
 * out (RFC 6749 section 5.1).
 *
 * <p>Only a {@link TokenExchangeClient} creates one. {@link #toString()} never shows the token.
 * Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693#section-2.2.1">RFC 8693 section 2.2.1</a>
 */
public final class ExchangedToken {
    private final IssuedToken issued;
    private final Set<String> scopes;

    ExchangedToken(IssuedToken issued) {
        this.issued = issued;
        this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(issued.scopes()));
    }

    /** The issued token ({@code access_token}, whatever its type). Treat it as a secret: never log it. */
    public String accessToken() {
        return issued.accessToken();
    }

    /** {@code token_type} as the issuer sent it: {@code Bearer}, or {@code N_A} for a token that is not an access token. */
    public String tokenType() {
        return issued.tokenType();
    }

    /** {@code issued_token_type}, a {@link TokenTypes} URI. */
    public String issuedTokenType() {
        return issued.issuedTokenType();
    }

    /** When the token expires. */
    public Instant expiresAt() {
        return issued.expiresAt();
    }

    /** The granted scopes, sorted. */
    public Set<String> scopes() {
        return scopes;
    }

    /** Whether the token may be sent as a bearer token ({@code token_type} {@code Bearer}, case-insensitively). */
    public boolean isBearer() {
        return issued.isBearer();
    }

    /**
     * Whether the token is bound to the client's DPoP key ({@code token_type} {@code DPoP}, RFC 9449
     * section 5): it must be sent with the {@code DPoP} scheme and a proof by that key.
     */
    public boolean isDpopBound() {
        return "dpop".equalsIgnoreCase(issued.tokenType());
    }

    /**
     * The {@code Authorization} header value: {@code "Bearer " + accessToken()} (RFC 6750 section 2.1),
     * or {@code "DPoP " + accessToken()} for a {@linkplain #isDpopBound() DPoP-bound} token (RFC 9449
     * section 7.1), which also needs a {@code DPoP} proof header.
     *
     * @throws IllegalStateException when the token is neither (for example {@code N_A})
     */
    public String authorizationHeaderValue() {
        if (isDpopBound()) {
            return "DPoP " + issued.accessToken();
        }
        if (!isBearer()) {
            throw new IllegalStateException("token_type " + issued.tokenType() + " is not a bearer token");
        }
        return "Bearer " + issued.accessToken();
    }

    /** The first 8 hex characters of the token's SHA-256, to tell tokens apart in logs. */
    public String fingerprint() {
        return Fingerprints.of(issued.accessToken());
    }

    IssuedToken issued() {
        return issued;
    }

    @Override
    public String toString() {
        return "ExchangedToken{fingerprint=" + fingerprint() + ", tokenType=" + tokenType() + ", issuedTokenType="
                + issuedTokenType() + ", expiresAt=" + expiresAt() + ", scopes=" + scopes + '}';
    }
}
