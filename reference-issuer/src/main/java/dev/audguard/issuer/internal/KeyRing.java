package dev.audguard.issuer.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A realm's RSA signing keys, fresh per instance. One key is active (signs new tokens); rotated-out
 * keys stay published until retired; retired keys are kept only so hostile tokens can be signed with
 * them. Like Keycloak's certs endpoint the JWKS also lists an RSA-OAEP encryption key.
 *
 * <p>Thread-safe: every method is synchronized; key generation for the encryption key runs in the
 * background so start-up waits for one key only.
 */
public final class KeyRing {

    public enum State { ACTIVE, PASSIVE, RETIRED }

    private final Map<String, RSAKey> keys = new LinkedHashMap<>();
    private final Map<String, State> states = new LinkedHashMap<>();
    private final CompletableFuture<RSAKey> encryptionKey;
    private CompletableFuture<RSAKey> attackerKey;
    private CompletableFuture<ECKey> attackerEcKey;
    private final Executor background;
    private String active;
    /** JWKs published exactly as a test gave them (e.g. a zero-padded modulus), by kid. */
    private final Map<String, Map<String, Object>> verbatim = new LinkedHashMap<>();

    public KeyRing(Executor background) {
        this.background = background;
        RSAKey first = generateSigningKey();
        keys.put(first.getKeyID(), first);
        states.put(first.getKeyID(), State.ACTIVE);
        active = first.getKeyID();
        encryptionKey = CompletableFuture.supplyAsync(KeyRing::generateEncryptionKey, background);
    }

    static RSAKey generateSigningKey() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    private static RSAKey generateEncryptionKey() {
        try {
            // RSA-OAEP is what Keycloak lists; Nimbus deprecates it for new encryption, and it is never used here.
            return new RSAKeyGenerator(2048).keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.parse("RSA-OAEP"))
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    public synchronized RSAKey activeKey() {
        return keys.get(active);
    }

    public synchronized String activeKeyId() {
        return active;
    }

    public synchronized Optional<RSAKey> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** Keys a token may verify against: active and passive, never retired. */
    public synchronized Optional<RSAKey> verificationKey(String kid) {
        State state = states.get(kid);
        return state == null || state == State.RETIRED ? Optional.empty() : Optional.of(keys.get(kid));
    }

    public synchronized List<String> publishedKeyIds() {
        List<String> out = new ArrayList<>();
        states.forEach((kid, state) -> {
            if (state != State.RETIRED) {
                out.add(kid);
            }
        });
        return out;
    }

    public synchronized Map<String, State> states() {
        return Map.copyOf(states);
    }

    /** A new active key; the old one stays published. */
    public String rotate() {
        RSAKey fresh = generateSigningKey(); // outside the lock: it is the slow part
        synchronized (this) {
            states.put(active, State.PASSIVE);
            keys.put(fresh.getKeyID(), fresh);
            states.put(fresh.getKeyID(), State.ACTIVE);
            active = fresh.getKeyID();
            return active;
        }
    }

    /** Removes a passive key from the JWKS; tokens it signed stop verifying. */
    public synchronized void retire(String kid) {
        State state = states.get(kid);
        if (state == null) {
            throw new IllegalArgumentException("no key with that kid in this realm");
        }
        if (state == State.ACTIVE) {
            throw new IllegalStateException("the active key cannot be retired: rotate first");
        }
        states.put(kid, State.RETIRED);
    }

    /**
     * Adds a JWK to the JWKS exactly as given: it is never parsed into a key, so odd encodings (a
     * zero-padded modulus, {@code key_ops} without {@code use}) reach verifiers unchanged.
     */
    public synchronized void publishVerbatim(Map<String, Object> jwk) {
        if (!(jwk.get("kid") instanceof String kid) || kid.isEmpty()) {
            throw new IllegalArgumentException("a verbatim JWK needs a non-empty string kid");
        }
        if (keys.containsKey(kid) || verbatim.containsKey(kid)) {
            throw new IllegalArgumentException("a key with that kid is already in this realm");
        }
        verbatim.put(kid, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(jwk)));
    }

    /** Removes a verbatim JWK; false when none has that kid. */
    public synchronized boolean withdraw(String kid) {
        return verbatim.remove(kid) != null;
    }

    public synchronized List<String> verbatimKeyIds() {
        return List.copyOf(verbatim.keySet());
    }

    /** The document the certs endpoint serves: published signing keys, the encryption key, verbatim JWKs. */
    public Map<String, Object> publicJwksDocument() {
        List<Object> out = new ArrayList<>(publicJwks().toJSONObject(true).get("keys") instanceof List<?> l ? l : List.of());
        synchronized (this) {
            out.addAll(verbatim.values());
        }
        return Map.of("keys", out);
    }

    public JWKSet publicJwks() {
        List<JWK> published = new ArrayList<>();
        synchronized (this) {
            for (String kid : publishedKeyIds()) {
                published.add(keys.get(kid).toPublicJWK());
            }
        }
        published.add(encryptionKey.join().toPublicJWK());
        return new JWKSet(published);
    }

    /** A key nobody published, made on first use: the attacker's. */
    public RSAKey attackerKey() {
        synchronized (this) {
            if (attackerKey == null) {
                attackerKey = CompletableFuture.supplyAsync(KeyRing::generateSigningKey, background);
            }
        }
        return attackerKey.join();
    }

    public ECKey attackerEcKey() {
        synchronized (this) {
            if (attackerEcKey == null) {
                attackerEcKey = CompletableFuture.supplyAsync(() -> {
                    try {
                        return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
                    } catch (JOSEException e) {
                        throw new IllegalStateException("cannot generate an EC key", e);
                    }
                }, background);
            }
        }
        return attackerEcKey.join();
    }
}
