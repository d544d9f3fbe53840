package dev.audguard.core;

import dev.audguard.core.internal.pipeline.Credential;
import dev.audguard.core.internal.pipeline.Credentials;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a bearer token from a request the way RFC 6750 section 2 allows, strictly: from exactly one
 * {@code Authorization: Bearer <b64token>} header, never from the query string.
 *
 * <p>The same parser runs in {@link ProtectedResource}'s credentials step; adapters on the front
 * door do not call this class any more.
 *
 * <ul>
 *   <li>No {@code Authorization} header, or one with another scheme ({@code Basic ...}): no bearer
 *       token (the adapter answers 401 without an {@code error}, RFC 6750 section 3.1).</li>
 *   <li>{@code Bearer} followed by a {@code b64token}: the token. The scheme is case-insensitive
 *       (RFC 9110 section 11.1); exactly one space separates it from the token.</li>
 *   <li>{@code Bearer} with nothing, or with characters outside the {@code b64token} syntax, several
 *       {@code Authorization} headers, or an {@code access_token} query parameter (with or without
 *       a header): {@link Reason#INVALID_REQUEST}.</li>
 * </ul>
 *
 * <p>Thread-safe (stateless).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 section 2.1</a>
 */
public final class BearerTokens {
    private static final Set<String> BEARER = Set.of(Credential.BEARER);

    private BearerTokens() {
    }

    /**
     * The bearer token of a request.
     *
     * @param authorizationHeaders every value of the {@code Authorization} header (empty when none)
     * @param rawQuery the request's raw query string, or {@code null}
     * @return the token, or empty when the request carries no bearer credentials
     * @throws TokenValidationException {@link Reason#INVALID_REQUEST} when the request carries
     *     credentials in a way RFC 6750 does not allow
     */
    public static Optional<String> resolve(Collection<String> authorizationHeaders, String rawQuery) {
        Credential credential = Credentials.bearer(authorizationHeaders, rawQuery);
        return credential == null ? Optional.empty() : Optional.of(credential.token());
    }

    /**
     * The bearer token of one {@code Authorization} header value ({@code null} for none).
     *
     * @throws TokenValidationException {@link Reason#INVALID_REQUEST} for a malformed bearer header
     */
    public static Optional<String> fromHeader(String authorization) {
        Credential credential = Credentials.fromValue(authorization, BEARER);
        return credential == null ? Optional.empty() : Optional.of(credential.token());
    }
}
