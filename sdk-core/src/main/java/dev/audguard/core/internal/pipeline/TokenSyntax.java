package dev.audguard.core.internal.pipeline;

/**
 * Character-class checks of the request path, written as plain loops: a {@code java.util.regex}
 * match over a 1.2 KiB token on every request was a fifth of the servlet filter's CPU (issue 21).
 * Each method says the regular expression it replaces; {@code TokenSyntaxTest} holds both to the same
 * answers over every ASCII character in every position. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class TokenSyntax {
    private static final boolean[] B64TOKEN_CHAR = new boolean[128];
    private static final boolean[] BASE64URL_CHAR = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            B64TOKEN_CHAR[c] = true;
            BASE64URL_CHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            B64TOKEN_CHAR[c] = true;
            BASE64URL_CHAR[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            B64TOKEN_CHAR[c] = true;
            BASE64URL_CHAR[c] = true;
        }
        for (char c : "-._~+/".toCharArray()) {
            B64TOKEN_CHAR[c] = true;
        }
        BASE64URL_CHAR['-'] = true;
        BASE64URL_CHAR['_'] = true;
    }

    private TokenSyntax() {
    }

    /**
     * Whether {@code value} is an RFC 6750 section 2.1 {@code b64token}: one or more of
     * {@code A-Z a-z 0-9 - . _ ~ + /}, then any number of {@code =}. The regular expression was
     * {@code [A-Za-z0-9\-._~+/]+=*} (whole-string match).
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 section 2.1</a>
     */
    public static boolean isB64Token(String value) {
        int length = value.length();
        int i = 0;
        while (i < length) {
            char c = value.charAt(i);
            if (c >= 128 || !B64TOKEN_CHAR[c]) {
                break;
            }
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < length && value.charAt(i) == '=') {
            i++;
        }
        return i == length;
    }

    /**
     * Whether {@code value} has the shape of a compact JWS: two non-empty base64url parts (without
     * padding) and a possibly empty third, separated by dots. The regular expression was
     * {@code [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*} (whole-string match).
     */
    public static boolean isCompactJwsShape(String value) {
        int length = value.length();
        int i = base64UrlRun(value, 0);
        if (i == 0 || i == length || value.charAt(i) != '.') {
            return false;
        }
        int second = base64UrlRun(value, i + 1);
        if (second == i + 1 || second == length || value.charAt(second) != '.') {
            return false;
        }
        return base64UrlRun(value, second + 1) == length;
    }

    /** The index of the first character from {@code from} on that is not base64url, or the length. */
    private static int base64UrlRun(String value, int from) {
        int length = value.length();
        int i = from;
        while (i < length) {
            char c = value.charAt(i);
            if (c >= 128 || !BASE64URL_CHAR[c]) {
                return i;
            }
            i++;
        }
        return i;
    }
}
