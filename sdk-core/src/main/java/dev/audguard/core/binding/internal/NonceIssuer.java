package dev.audguard.core.binding.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * Stateless DPoP server nonces (RFC 9449 section 9): {@code base64url(slot || HMAC-SHA256(secret,
 * slot)[0..16])} where {@code slot} is the current rotation period. A nonce is accepted during its
 * own period and the next one, so a client that just fetched one is never refused at a rotation.
 * Instances sharing the secret accept each other's nonces. Thread-safe.
 */
public final class NonceIssuer {
    private static final int MAC_BYTES = 16;

    private final byte[] secret;
    private final long rotationMillis;
    private final Clock clock;

    public NonceIssuer(byte[] secret, Duration rotation, Clock clock) {
        this.secret = secret.clone();
        this.rotationMillis = rotation.toMillis();
        this.clock = clock;
    }

    /** The nonce of the current period. */
    public String current() {
        return nonce(slot());
    }

    /** Whether {@code nonce} was issued in this period or the previous one. */
    public boolean isCurrent(String nonce) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (bytes.length != Long.BYTES + MAC_BYTES) {
            return false;
        }
        long slot = ByteBuffer.wrap(bytes, 0, Long.BYTES).getLong();
        long now = slot();
        if (slot != now && slot != now - 1) {
            return false;
        }
        byte[] expected = mac(slot);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, Long.BYTES, bytes.length));
    }

    private long slot() {
        return Math.floorDiv(clock.millis(), rotationMillis);
    }

    private String nonce(long slot) {
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES + MAC_BYTES).putLong(slot).put(mac(slot));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    private byte[] mac(long slot) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(slot).array()), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
