package dev.audguard.core.internal;

import com.nimbusds.jose.JWSAlgorithm;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable set of usable verification keys, indexed by {@code kid}. Not API.
 *
 * <p>Selection never looks at a token's {@code jwk}, {@code jku}, {@code x5u} or {@code x5c}:
 * only the {@code kid} and the algorithm.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeySet {
    private final List<VerificationKey> keys;
    private final Map<String, List<VerificationKey>> byKeyId;
    private final List<VerificationKey> withoutKeyId;
    private final Set<String> thumbprints;

    KeySet(List<VerificationKey> keys) {
        this.keys = List.copyOf(keys);
        Map<String, List<VerificationKey>> index = new HashMap<>();
        for (VerificationKey key : this.keys) {
            if (key.keyId() != null) {
                index.computeIfAbsent(key.keyId(), k -> new ArrayList<>(1)).add(key);
            }
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.withoutKeyId = this.keys.stream().filter(key -> key.keyId() == null).toList();
        this.byKeyId = Map.copyOf(index);
        Set<String> prints = new HashSet<>();
        for (VerificationKey key : this.keys) {
            prints.add(key.thumbprint());
        }
        this.thumbprints = Set.copyOf(prints);
    }

    /** Whether a key with this RFC 7638 thumbprint is in the set: how a cached verdict learns its key is still published. */
    public boolean holds(String thumbprint) {
        return thumbprints.contains(thumbprint);
    }

    /** How many usable keys there are. */
    public int size() {
        return keys.size();
    }

    /** The thumbprints of the keys held here but not in {@code next}: keys the issuer stopped publishing. */
    public Set<String> thumbprintsMissingFrom(KeySet next) {
        Set<String> removed = new LinkedHashSet<>();
        for (VerificationKey key : keys) {
            removed.add(key.thumbprint());
        }
        for (VerificationKey key : next.keys) {
            removed.remove(key.thumbprint());
        }
        return removed;
    }

    /**
     * The key to verify a token with {@code kid} (possibly {@code null}) signed with {@code alg}.
     *
     * @throws TokenValidationException {@link Reason#UNKNOWN_KEY} when no key has that {@code kid}
     *     and no single key without {@code kid} fits (or, for a token without {@code kid}, when not
     *     exactly one key fits), {@link Reason#UNSUPPORTED_ALGORITHM}
     *     when the {@code kid} names a key that does not fit {@code alg}
     */
    public VerificationKey select(String kid, JWSAlgorithm alg) {
        if (kid != null) {
            List<VerificationKey> candidates = byKeyId.get(kid);
            if (candidates == null) {
                // A key configured without kid (a PEM key, Keycloak's realm-public-key) stands for any kid.
                return onlyFitting(withoutKeyId, alg);
            }
            for (VerificationKey key : candidates) {
                if (key.fits(alg)) {
                    return key;
                }
            }
            throw new TokenValidationException(Reason.UNSUPPORTED_ALGORITHM);
        }
        return onlyFitting(keys, alg);
    }

    private static VerificationKey onlyFitting(List<VerificationKey> keys, JWSAlgorithm alg) {
        VerificationKey only = null;
        for (VerificationKey key : keys) {
            if (key.fits(alg)) {
                if (only != null) {
                    throw new TokenValidationException(Reason.UNKNOWN_KEY);
                }
                only = key;
            }
        }
        if (only == null) {
            throw new TokenValidationException(Reason.UNKNOWN_KEY);
        }
        return only;
    }
}
