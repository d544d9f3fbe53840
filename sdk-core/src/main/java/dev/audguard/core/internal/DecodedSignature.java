package dev.audguard.core.internal;

import com.nimbusds.jose.util.Base64URL;

/**
 * A JWS signature already decoded by the strict JDK decoder, handed to Nimbus's verifiers in the
 * {@link Base64URL} they take. Nimbus's own decoder is lenient (it skips characters outside the
 * alphabet) and, for a 2048-bit RSA signature, costs about as much as everything else audguard
 * adds to the signature check; decoding once, strictly, is both safer and cheaper. Not API.
 *
 * <p>Immutable and thread-safe.
 */
public final class DecodedSignature extends Base64URL {
    private static final long serialVersionUID = 1L;

    private final transient byte[] bytes;

    /** {@code encoded} is the token's third part; {@code bytes} its strict decoding. */
    public DecodedSignature(String encoded, byte[] bytes) {
        super(encoded);
        this.bytes = bytes;
    }

    @Override
    public byte[] decode() {
        return bytes.clone();
    }

    /** The decoded bytes themselves, no copy: for verifiers that only read them. */
    public byte[] bytes() {
        return bytes;
    }
}
