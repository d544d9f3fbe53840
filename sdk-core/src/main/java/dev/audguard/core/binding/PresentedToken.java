package dev.audguard.core.binding;

import dev.audguard.core.BearerTokens;
import dev.audguard.core.Fingerprints;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The access token of a request and the scheme it came with: {@code Authorization: Bearer <token>}
 * (RFC 6750, read by {@link BearerTokens}) or {@code Authorization: DPoP <token>} (RFC 9449 section 7.1).
 *
 * <p>{@link #toString()} shows a fingerprint, never the token. Immutable and thread-safe.
 *
 * @param scheme how the token was presented
 * @param token the token; a secret
 */
public record PresentedToken(Scheme scheme, String token) {
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    /** The {@code Authorization} scheme. */
    public enum Scheme {
        /** {@code Bearer}. */
        BEARER,
        /** {@code DPoP}. */
        DPOP
    }

    /** Checks the fields. */
    public PresentedToken {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(token, "token");
    }

    /**
     * The token of a request, strictly: exactly one {@code Authorization} header, scheme
     * {@code Bearer} or {@code DPoP} (case-insensitive), one space, a {@code b64token}; never a query
     * parameter.
     *
     * @param authorizationHeaders every value of {@code Authorization} (empty when none)
     * @param rawQuery the raw query string, or {@code null}
     * @return the token, or empty when the request carries neither scheme
     * @throws TokenValidationException {@link Reason#INVALID_REQUEST} for credentials sent in a way
     *     neither RFC allows (several headers, a malformed value, an {@code access_token} parameter)
     */
    public static Optional<PresentedToken> resolve(Collection<String> authorizationHeaders, String rawQuery) {
        // the query check and the Bearer rules stay in one place
        Optional<String> bearer = BearerTokens.resolve(authorizationHeaders, rawQuery);
        if (bearer.isPresent()) {
            return Optional.of(new PresentedToken(Scheme.BEARER, bearer.get()));
        }
        if (authorizationHeaders == null || authorizationHeaders.isEmpty()) {
            return Optional.empty();
        }
        String value = authorizationHeaders.iterator().next();
        if (value == null) {
            return Optional.empty();
        }
        value = value.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals("dpop")) {
            return Optional.empty();
        }
        if (space < 0 || !B64TOKEN.matcher(value.substring(space + 1)).matches()) {
            throw new TokenValidationException(Reason.INVALID_REQUEST);
        }
        return Optional.of(new PresentedToken(Scheme.DPOP, value.substring(space + 1)));
    }

    /** As {@link #resolve(Collection, String)} for one header value ({@code null} for none). */
    public static Optional<PresentedToken> fromHeader(String authorization) {
        return resolve(authorization == null ? List.of() : List.of(authorization), null);
    }

    @Override
    public String toString() {
        return "PresentedToken[scheme=" + scheme + ", token=" + Fingerprints.of(token) + ']';
    }
}
