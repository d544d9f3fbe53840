package dev.audguard.exchange.internal;

import dev.audguard.core.Fingerprints;

import java.time.Instant;
import java.util.List;

/**
 * A checked token response. Not API.
 *
 * <p>{@link #toString()} never shows the token. Immutable and thread-safe.
 *
 * @param accessToken     the issued token; a secret
 * @param tokenType       {@code token_type} as sent ({@code Bearer}, {@code N_A}, ...)
 * @param issuedTokenType {@code issued_token_type}
 * @param expiresAt       when the issued token expires
 * @param scopes          the granted scopes, sorted
 * @param cacheUntil      until when it may be served from the cache; null: never
 */
public record IssuedToken(String accessToken, String tokenType, String issuedTokenType, Instant expiresAt,
                          List<String> scopes, Instant cacheUntil) {

    public IssuedToken {
        scopes = List.copyOf(scopes);
    }

    public boolean isBearer() {
        return "bearer".equalsIgnoreCase(tokenType);
    }

    @Override
    public String toString() {
        return "IssuedToken{fingerprint=" + Fingerprints.of(accessToken) + ", tokenType=" + tokenType + ", issuedTokenType="
                + issuedTokenType + ", expiresAt=" + expiresAt + ", scopes=" + scopes + '}';
    }
}
