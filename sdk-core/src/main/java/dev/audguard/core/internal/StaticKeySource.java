package dev.audguard.core.internal;

import com.nimbusds.jose.JWSAlgorithm;
import dev.audguard.core.KeySourceHealth;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Keys configured up front (a JWKS string or file, a PEM key): never refreshed. Not API.
 *
 * <p>Immutable and thread-safe.
 */
public record StaticKeySource(KeySet keys) implements KeySource {
    @Override
    public VerificationKey select(String kid, JWSAlgorithm alg) {
        return keys.select(kid, alg);
    }

    @Override
    public boolean holds(String thumbprint) {
        return keys.holds(thumbprint);
    }

    @Override
    public CompletableFuture<Void> warmUp() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public KeySourceHealth health() {
        return new KeySourceHealth("static", KeySourceHealth.Status.UP, keys.size(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
