package dev.audguard.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Short, non-reversible fingerprints for telling secrets apart in logs.
 *
 * <p>A token, client secret or key never reaches a log; where two must be told apart, log
 * {@code Fingerprints.of(secret)}: the first 8 hex characters of its SHA-256.
 *
 * <p>Thread-safe (stateless).
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** The first 8 lowercase hex characters of the SHA-256 of {@code secret} (UTF-8), or {@code "none"} for {@code null}. */
    public static String of(String secret) {
        return secret == null ? "none" : sha256Hex(secret).substring(0, 8);
    }

    /**
     * The whole SHA-256 of {@code secret} (UTF-8) in lowercase hex: a key for caches that must tell
     * secrets apart without holding them.
     */
    public static String sha256Hex(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
