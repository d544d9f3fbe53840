package dev.audguard.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a bearer token from a request the way RFC 6750 section 2 allows, strictly: from exactly one
 * {@code Authorization: Bearer <b64token>} header, never from the query string.
 *
 * <p>Every adapter calls this one parser, with plain strings from its own request type, so they
 * cannot drift apart.
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
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final String SCHEME = "bearer";

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
        if (hasAccessTokenParameter(rawQuery)) {
            throw new TokenValidationException(Reason.INVALID_REQUEST);
        }
        if (authorizationHeaders == null || authorizationHeaders.isEmpty()) {
            return Optional.empty();
        }
        if (authorizationHeaders.size() > 1) {
            throw new TokenValidationException(Reason.INVALID_REQUEST);
        }
        return fromHeader(authorizationHeaders.iterator().next());
    }

    /**
     * The bearer token of one {@code Authorization} header value ({@code null} for none).
     *
     * @throws TokenValidationException {@link Reason#INVALID_REQUEST} for a malformed bearer header
     */
    public static Optional<String> fromHeader(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Optional.empty();
        }
        if (space < 0) {
            throw new TokenValidationException(Reason.INVALID_REQUEST);
        }
        String token = value.substring(space + 1);
        if (!B64TOKEN.matcher(token).matches()) {
            throw new TokenValidationException(Reason.INVALID_REQUEST);
        }
        return Optional.of(token);
    }

    private static boolean hasAccessTokenParameter(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return false;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (URLDecoder.decode(name, StandardCharsets.UTF_8).equals("access_token")) {
                    return true;
                }
            } catch (IllegalArgumentException malformedEscape) {
                // a parameter name we cannot decode is not access_token
            }
        }
        return false;
    }
}
