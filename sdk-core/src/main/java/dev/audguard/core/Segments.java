package dev.audguard.core;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Strict base64url for the parts of a compact JWS: the unpadded alphabet of RFC 7515 section 2 and
 * nothing else (no padding, no whitespace, no standard-alphabet characters), in its one canonical
 * spelling (the unused low bits of the last character are zero).
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
        requireZeroPadBits(segment.charAt(segment.length() - 1), segment.length());
        return DECODER.decode(segment);
    }

    /**
     * Refuses a last character that carries non-zero pad bits. The JDK decoder ignores them, so
     * without this one signature has 16 (or 4) accepted spellings: as many verified-cache entries,
     * token exchanges and ways past a deny list keyed on the token text. RFC 4648 section 3.5 lets
     * a decoder reject them; RFC 7515 section 2 wants the one canonical encoding.
     */
    private static void requireZeroPadBits(int last, int length) {
        int unusedBits = switch (length % 4) {
            case 2 -> 4;   // 2 characters carry 1 byte: 12 bits, 4 unused
            case 3 -> 2;   // 3 characters carry 2 bytes: 18 bits, 2 unused
            default -> 0;  // complete quanta have none; a length of 1 mod 4 the decoder refuses itself
        };
        if (unusedBits != 0 && (valueOf(last) & ((1 << unusedBits) - 1)) != 0) {
            throw new IllegalArgumentException("not canonical base64url");
        }
    }

    /** The 6-bit value of a base64url character, or 0 for any other (which the decoder then refuses). */
    private static int valueOf(int c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : 0;
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
        requireZeroPadBits(ascii[to - 1], to - from);
        ByteBuffer decoded = DECODER.decode(ByteBuffer.wrap(ascii, from, to - from));
        return decoded.hasArray() && decoded.arrayOffset() == 0 && decoded.limit() == decoded.array().length
                ? decoded.array() : Arrays.copyOfRange(decoded.array(), decoded.arrayOffset(), decoded.arrayOffset() + decoded.limit());
    }
}
