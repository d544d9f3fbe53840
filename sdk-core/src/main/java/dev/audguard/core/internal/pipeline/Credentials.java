package dev.audguard.core.internal.pipeline;

import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * The credentials step: reads the token from the {@code Authorization} values the way RFC 6750
 * section 2.1 allows, strictly, for the schemes the pipeline accepts ({@code Bearer}, and
 * {@code DPoP} once a sender-binding step accepts it). The one parser of {@code Authorization}
 * values in audguard; {@link dev.audguard.core.BearerTokens} calls it too. Not API.
 *
 * <ul>
 *   <li>no value, or a value of another scheme: no credentials ({@code null});</li>
 *   <li>an accepted scheme followed by exactly one space and a {@code b64token}: the credential
 *       (the scheme is case-insensitive, RFC 9110 section 11.1);</li>
 *   <li>an accepted scheme with nothing or something else after it, several values, or an
 *       {@code access_token} query parameter (with or without a header):
 *       {@link Reason#INVALID_REQUEST}.</li>
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class Credentials {
    private static final Set<String> BEARER_ONLY = Set.of(Credential.BEARER);

    private Credentials() {
    }

    /** The bearer credential of a request, or {@code null}. */
    public static Credential bearer(Collection<String> authorization, String rawQuery) {
        return resolve(authorization, rawQuery, BEARER_ONLY);
    }

    /**
     * The credential of a request, or {@code null} when it carries none of {@code schemes}.
     *
     * @param schemes the accepted schemes, lower case
     * @throws TokenValidationException {@link Reason#INVALID_REQUEST}
     */
    public static Credential resolve(Collection<String> authorization, String rawQuery, Set<String> schemes) {
        if (hasAccessTokenParameter(rawQuery)) {
            throw new TokenValidationException(Reason.INVALID_REQUEST);
        }
        if (authorization == null || authorization.isEmpty()) {
            return null;
        }
        if (authorization.size() > 1) {
            throw new TokenValidationException(Reason.INVALID_REQUEST);
        }
        return fromValue(authorization.iterator().next(), schemes);
    }

    /** The credential of one {@code Authorization} value ({@code null} for none), or {@code null}. */
    public static Credential fromValue(String authorization, Set<String> schemes) {
        if (authorization == null) {
            return null;
        }
        String value = trimOws(authorization);
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            return null;
        }
        if (space < 0) {
            throw new TokenValidationException(Reason.INVALID_REQUEST);
        }
        String token = value.substring(space + 1);
        if (!TokenSyntax.isB64Token(token)) {
            throw new TokenValidationException(Reason.INVALID_REQUEST);
        }
        return new Credential(scheme, token);
    }

    /** Trims optional whitespace as RFC 9110 section 5.5 defines it: spaces and horizontal tabs only. */
    private static String trimOws(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
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
