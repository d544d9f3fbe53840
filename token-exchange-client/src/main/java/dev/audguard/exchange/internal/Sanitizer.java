package dev.audguard.exchange.internal;

import java.util.regex.Pattern;

/**
 * Decides what of an issuer's error answer may be kept: an {@code error} code made of the
 * characters codes use, and an {@code error_description} that is short printable text and looks
 * like no token or secret. Anything doubtful is dropped, never trimmed. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class Sanitizer {
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    // RFC 6749 section 5.2: error_description is %x20-21 / %x23-5B / %x5D-7E
    private static final Pattern DESCRIPTION = Pattern.compile("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}");
    // a JWS/JWE (dot-separated base64url runs), or any long run of token-like characters
    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}|[A-Za-z0-9_+/=-]{32,}");

    private Sanitizer() {
    }

    /**
     * {@code error} when it is a plausible OAuth error code that holds nothing token-like and none
     * of {@code secrets} (the subject token, actor token, client secret; whole or their first 8
     * characters), else null. An issuer that echoes a secret as its error code (or a short opaque
     * subject token, which fits the code syntax) must not carry it into an exception message.
     */
    public static String errorCode(Object error, String... secrets) {
        if (!(error instanceof String s) || !ERROR_CODE.matcher(s).matches() || TOKEN_LIKE.matcher(s).find() || holdsAny(s, secrets)) {
            return null;
        }
        return s;
    }

    /**
     * {@code description} when it is short printable text with nothing token-like in it and none of
     * {@code secrets} (the subject token, actor token, client secret) inside, else null.
     */
    public static String description(Object description, String... secrets) {
        if (!(description instanceof String s) || !DESCRIPTION.matcher(s).matches() || TOKEN_LIKE.matcher(s).find()
                || holdsAny(s, secrets)) {
            return null;
        }
        return s;
    }

    private static boolean holdsAny(String text, String... secrets) {
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()
                    && (text.contains(secret) || secret.length() >= 8 && text.contains(secret.substring(0, 8)))) {
                return true;
            }
        }
        return false;
    }
}
