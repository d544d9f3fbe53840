package dev.audguard.exchange;

import dev.audguard.core.Fingerprints;
import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.internal.Jwts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The token a service received and wants to exchange (RFC 8693 {@code subject_token}), with its
 * type and, when known, its expiry, which bounds how long an exchanged token is cached for it.
 *
 * <p>Prefer {@link #of(VerifiedToken)}: the token was verified and its {@code exp} is trusted. With
 * {@link #of(String)} the {@code exp} of a JWT is read without verification, only to cut cache
 * lifetimes short; a token without a readable {@code exp} (opaque, encrypted) is still exchanged,
 * but its exchanged tokens are not cached, since nothing says when the subject stops being valid.
 *
 * <p>{@link #toString()} never shows the token. Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693#section-2.1">RFC 8693 section 2.1</a>
 */
public final class SubjectToken {
    static final int MAX_LENGTH = 64 * 1024;

    private final String rawToken;
    private final String tokenType;
    private final Instant expiresAt;
    private final VerifiedToken verified;
    private volatile String digest;

    private SubjectToken(String rawToken, String tokenType, Instant expiresAt, VerifiedToken verified) {
        this.rawToken = rawToken;
        this.tokenType = tokenType;
        this.expiresAt = expiresAt;
        this.verified = verified;
    }

    /** A verified access token; its {@code exp} bounds caching. */
    public static SubjectToken of(VerifiedToken token) {
        Objects.requireNonNull(token, "token");
        return new SubjectToken(checked(token.rawToken()), TokenTypes.ACCESS_TOKEN, token.expiresAt().orElse(null), token);
    }

    /**
     * An access token as received. Its {@code exp}, when it is a JWT that has one, is read without
     * verification to bound caching.
     *
     * @throws IllegalArgumentException when the token is blank or longer than 64 KiB
     */
    public static SubjectToken of(String rawToken) {
        return of(rawToken, TokenTypes.ACCESS_TOKEN);
    }

    /**
     * A token of another RFC 8693 type ({@link TokenTypes}), such as an ID token or a JWT.
     *
     * @throws IllegalArgumentException when the token is blank or longer than 64 KiB, or the type is not a URI
     */
    public static SubjectToken of(String rawToken, String tokenType) {
        String token = checked(rawToken);
        if (!TokenTypes.isTokenTypeUri(tokenType)) {
            throw new IllegalArgumentException("a subject token type must be a token type URI, such as TokenTypes.ACCESS_TOKEN");
        }
        return new SubjectToken(token, tokenType, Jwts.unverifiedExpiry(token).orElse(null), null);
    }

    private static String checked(String rawToken) {
        Objects.requireNonNull(rawToken, "rawToken");
        if (rawToken.isBlank()) {
            throw new IllegalArgumentException("a subject token must not be blank");
        }
        if (rawToken.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a subject token must not be longer than 64 KiB");
        }
        return rawToken;
    }

    /** The token itself, sent as {@code subject_token}. Treat it as a secret: never log it. */
    public String rawToken() {
        return rawToken;
    }

    /** {@code subject_token_type}; {@link TokenTypes#ACCESS_TOKEN} unless given. */
    public String tokenType() {
        return tokenType;
    }

    /** When the token expires, when known (verified for {@link #of(VerifiedToken)}, read unverified otherwise). */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** The first 8 hex characters of the token's SHA-256, to tell tokens apart in logs. */
    public String fingerprint() {
        return digest().substring(0, 8);
    }

    /**
     * The token's whole SHA-256 in hex, the exchange cache's key for it: computed once, and for a
     * {@link VerifiedToken} taken from it, so a token served from the verified-token cache is never
     * hashed again.
     */
    String digest() {
        String value = digest;
        if (value == null) {
            value = verified != null ? verified.digest() : Fingerprints.sha256Hex(rawToken);
            digest = value;
        }
        return value;
    }

    @Override
    public String toString() {
        return "SubjectToken{fingerprint=" + fingerprint() + ", type=" + tokenType
                + (expiresAt == null ? "" : ", expiresAt=" + expiresAt) + '}';
    }
}
