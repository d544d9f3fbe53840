package dev.audguard.core;

/**
 * Which tokens a {@link ProtectedResource} checks by introspection ({@link TokenIntrospector}) rather
 * than, or as well as, by local JWT validation.
 *
 * <p>Thread-safe (an enum).
 */
public enum IntrospectionMode {
    /**
     * Tokens that are not JWS compact serialisations (three dot-separated base64url segments) are
     * introspected; JWTs are validated locally. A JWE (five segments) is refused as always.
     */
    OPAQUE_TOKENS,
    /**
     * Every token is introspected, JWTs too: for Keycloak's lightweight access tokens, whose JWT
     * carries no {@code aud} and no {@code sub}, and wherever every request must see revocations.
     */
    EVERY_TOKEN,
    /**
     * A JWT is validated locally first (signature, issuer, audience, time), then introspected: a
     * revoked token is refused before it expires, and the answer's claims are what the request sees.
     * Opaque tokens are introspected.
     */
    JWT_THEN_INTROSPECT
}
