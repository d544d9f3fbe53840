package dev.audguard.core;

import java.nio.ByteBuffer;
import java.util.Arrays;
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

    /**
     * Decodes a segment, strictly: only the base64url alphabet, no padding, no whitespace.
     *
     * @throws IllegalArgumentException when the segment is not strict base64url
     */
    static byte[] decode(String segment) {
        // the JDK decoder refuses every character outside the alphabet but accepts trailing padding
        if (segment.isEmpty() || segment.charAt(segment.length() - 1) == '=') {
            throw new IllegalArgumentException("not unpadded base64url");
        }
        return DECODER.decode(segment);
    }

    /**
     * Decodes {@code ascii[from, to)} as {@link #decode(String)} does, without copying it into a
     * string first.
     *
     * @throws IllegalArgumentException when the segment is not strict base64url
     */
    static byte[] decode(byte[] ascii, int from, int to) {
        if (to <= from || ascii[to - 1] == '=') {
            throw new IllegalArgumentException("not unpadded base64url");
        }
        ByteBuffer decoded = DECODER.decode(ByteBuffer.wrap(ascii, from, to - from));
        return decoded.hasArray() && decoded.arrayOffset() == 0 && decoded.limit() == decoded.array().length
                ? decoded.array() : Arrays.copyOfRange(decoded.array(), decoded.arrayOffset(), decoded.arrayOffset() + decoded.limit());
    }
}
