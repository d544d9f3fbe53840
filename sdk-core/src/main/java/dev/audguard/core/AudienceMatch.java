package dev.audguard.core;

/**
 * How a token's {@code aud} must relate to the expected audiences.
 *
 * <p>Thread-safe (an enum).
 */
public enum AudienceMatch {
    /** At least one expected audience is in {@code aud} (the default; Keycloak's {@code verify-token-audience}). */
    ANY_OF,
    /** Every expected audience is in {@code aud}. */
    ALL_OF
}
