package dev.audguard.core;

import dev.audguard.core.internal.JsonObjects;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.util.Map;

/**
 * The structure of a compact JWS (RFC 7515 section 7.1), checked before any issuer or key is looked
 * at: size, three non-empty parts, strict and canonical base64url, a header that passed
 * {@link TokenHeader}'s checks, a JSON object payload. Not API.
 *
 * <p>Immutable and thread-safe.
 *
 * @param header the checked header
 * @param ascii the whole token as ASCII bytes; its first {@code signingLength} bytes,
 *     {@code header.payload}, are what the signature covers
 * @param signingLength the length of the signing input
 * @param signature the decoded third part
 * @param claims the payload, parsed
 */
record CompactJws(TokenHeader header, byte[] ascii, int signingLength, byte[] signature, Map<String, Object> claims) {

    /**
     * Splits and decodes {@code token}.
     *
     * @throws TokenValidationException {@code malformed}, {@code token_too_large}, or a header
     *     refusal ({@code unsupported_algorithm}, {@code wrong_token_type})
     */
    static CompactJws parse(String token, int maxTokenSize, TokenHeader.Parser headers) {
        if (token == null || token.isEmpty()) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
        if (token.length() > maxTokenSize) {
            throw new TokenValidationException(Reason.TOKEN_TOO_LARGE);
        }
        int secondDot = signatureDot(token);
        if (secondDot < 0) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
        int firstDot = token.indexOf('.');
        TokenHeader header = headers.parse(token.substring(0, firstDot));
        if (secondDot + 1 == token.length()) {
            // no signature: only alg "none" tokens look like this, and the header check refused those already
            throw new TokenValidationException(Reason.MALFORMED);
        }
        byte[] ascii = ascii(token);
        byte[] signature = decodeSignature(ascii, secondDot + 1);
        return new CompactJws(header, ascii, secondDot, signature, parsePayload(ascii, firstDot + 1, secondDot));
    }

    /**
     * The index of the dot before the signature when {@code compact} has the shape of a compact JWS
     * (exactly two dots, a non-empty header and payload), else -1. The signature may still be empty;
     * every part is checked by the strict decoder when it is decoded.
     */
    static int signatureDot(String compact) {
        int firstDot = compact.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : compact.indexOf('.', firstDot + 1);
        if (secondDot < 0 || compact.indexOf('.', secondDot + 1) >= 0 || firstDot == 0 || secondDot == firstDot + 1) {
            return -1;
        }
        return secondDot;
    }

    private static byte[] decodeSignature(byte[] ascii, int from) {
        try {
            return Segments.decode(ascii, from, ascii.length);
        } catch (IllegalArgumentException e) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
    }

    /**
     * {@code token} as ASCII bytes, in one copy: the signing input, the encoded payload and the
     * encoded signature are ranges of it, so none needs a copy of its own. A character outside ASCII
     * becomes {@code '?'}, which no base64url decoder accepts: it can never alias a valid character.
     */
    private static byte[] ascii(String token) {
        return token.getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, Object> parsePayload(byte[] ascii, int from, int to) {
        try {
            byte[] json = Segments.decode(ascii, from, to);
            return JsonObjects.parse(json, 0, json.length);
        } catch (IOException | RuntimeException e) {
            throw new TokenValidationException(Reason.MALFORMED);
        }
    }
}
