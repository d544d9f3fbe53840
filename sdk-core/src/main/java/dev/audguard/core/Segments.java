package dev.audguard.core;

import java.util.Base64;

/**
 * Strict base64url for the parts of a compact JWS: the unpadded alphabet of RFC 7515 section 2 and
 * nothing else (no padding, no whitespace, no standard-alphabet characters).
 *
 * <p>Thread-safe (stateless).
 */
final class Segments {
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Segments() {
    }

    /** Whether {@code s[from, to)} is non-empty, strict, unpadded base64url. */
    static boolean isBase64Url(String s, int from, int to) {
        int length = to - from;
        if (length <= 0 || length % 4 == 1) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Decodes a segment already known to be strict base64url. */
    static byte[] decode(String segment) {
        return DECODER.decode(segment);
    }
}
