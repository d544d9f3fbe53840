package dev.audguard.core.internal;

import com.nimbusds.jose.JWSAlgorithm;
import dev.audguard.core.KeySourceHealth;
import dev.audguard.core.TokenValidationException;

import java.util.concurrent.CompletableFuture;

/**
 * Where a validator finds the key for a token. Not API.
 *
 * <p>Implementations are thread-safe.
 */
public interface KeySource {

    /**
     * The key to verify a token with {@code kid} (possibly {@code null}) and {@code alg}.
     *
     * @throws TokenValidationException {@code unknown_key}, {@code unsupported_algorithm} or
     *     {@code keys_unavailable}
     */
    VerificationKey select(String kid, JWSAlgorithm alg);

    /**
     * Starts a background refresh when the keys are due for one, without waiting. Called when a
     * verdict is served from the verified-token cache, so that removed keys are noticed even when
     * every request hits the cache.
     */
    default void refreshIfDue() {
    }

    /**
     * Whether the key with this RFC 7638 thumbprint is among the keys held now. Asked on every
     * verified-token cache hit, so a verdict never outlives the removal of the key that signed it,
     * however a validation and a key refresh interleave.
     */
    boolean holds(String thumbprint);

    /** Fetches keys now if this source fetches at all; completes when keys are held, exceptionally if they could not be fetched. */
    CompletableFuture<Void> warmUp();

    /** A snapshot of this source's state. */
    KeySourceHealth health();
}
