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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A realm's signing keys, fresh per instance unless the test gives one. Like Keycloak, every realm
 * has an RS256 RSA key; the realm's {@code defaultSignatureAlgorithm} and each client's
 * {@code access.token.signed.response.alg} / {@code id.token.signed.response.alg} get a key of
 * their own type (RSA 2048 for RS and PS, EC P-256/P-384/P-521 for ES256/384/512), each listed in
 * the JWKS with its {@code alg}. One key per algorithm is active (signs new tokens); rotated-out
 * keys stay published until retired; retired keys are kept only so hostile tokens can be signed
 * with them. Like Keycloak's certs endpoint the JWKS also lists an RSA-OAEP encryption key.
 *
 * <p>Thread-safe: every method is synchronized; key generation for the encryption key runs in the
 * background so start-up waits for the signing keys only.
 */
public final class KeyRing {

    public enum State { ACTIVE, PASSIVE, RETIRED }

    /** How generated keys are named, and keys a test supplied. */
    public record Options(List<JWK> fixedKeys, String stableKidPrefix) {
        public static final Options DEFAULTS = new Options(List.of(), null);

        public Options {
            fixedKeys = List.copyOf(fixedKeys);
        }
    }

    private final Map<String, JWK> keys = new LinkedHashMap<>();
    private final Map<String, State> states = new LinkedHashMap<>();
    private final Map<String, JWSAlgorithm> algorithms = new LinkedHashMap<>();
    /** The active kid per algorithm. */
    private final Map<JWSAlgorithm, String> active = new LinkedHashMap<>();
    private final CompletableFuture<RSAKey> encryptionKey;
    private CompletableFuture<RSAKey> attackerKey;
    private CompletableFuture<ECKey> attackerEcKey;
    private final Executor background;
    private final JWSAlgorithm defaultAlgorithm;
    private final String stableKidPrefix;
    private final Map<JWSAlgorithm, Integer> generation = new LinkedHashMap<>();
    /** Verbatim JWKs published as a test gave them (e.g. a zero-padded modulus), by kid. */
    private final Map<String, Map<String, Object>> verbatim = new LinkedHashMap<>();

    public KeyRing(Executor background) {
        this(background, "RS256", Set.of(), Options.DEFAULTS);
    }

    /**
     * @param defaultAlgorithm the realm's default signature algorithm
     * @param otherAlgorithms algorithms clients ask for
     * @throws IllegalArgumentException when a supplied key is not a private RSA or EC key
     */
    public KeyRing(Executor background, String defaultAlgorithm, Set<String> otherAlgorithms, Options options) {
        this.background = background;
        this.defaultAlgorithm = JWSAlgorithm.parse(defaultAlgorithm);
        this.stableKidPrefix = options.stableKidPrefix();
        for (JWK fixed : options.fixedKeys()) {
            JWSAlgorithm alg = algorithmOf(fixed);
            if (active.containsKey(alg)) {
                throw new IllegalArgumentException("two signing keys given for " + alg);
            }
            add(fixed, alg);
        }
        Set<JWSAlgorithm> wanted = new java.util.LinkedHashSet<>();
        wanted.add(JWSAlgorithm.RS256);
        wanted.add(this.defaultAlgorithm);
        otherAlgorithms.forEach(a -> wanted.add(JWSAlgorithm.parse(a)));
        for (JWSAlgorithm alg : wanted) {
            if (!active.containsKey(alg)) {
                add(generate(alg), alg);
            }
        }
        encryptionKey = CompletableFuture.supplyAsync(KeyRing::generateEncryptionKey, background);
    }

    private void add(JWK key, JWSAlgorithm alg) {
        String previous = active.get(alg);
        if (previous != null) {
            states.put(previous, State.PASSIVE);
        }
        keys.put(key.getKeyID(), key);
        states.put(key.getKeyID(), State.ACTIVE);
        algorithms.put(key.getKeyID(), alg);
        active.put(alg, key.getKeyID());
    }

    /** The algorithm a supplied key signs with: its {@code alg}, else RS256 for RSA and the curve's ES for EC. */
    static JWSAlgorithm algorithmOf(JWK key) {
        if (!key.isPrivate() || !(key instanceof RSAKey || key instanceof ECKey)) {
            throw new IllegalArgumentException("a signing key must be a private RSA or EC key");
        }
        if (key.getAlgorithm() != null) {
            JWSAlgorithm alg = JWSAlgorithm.parse(key.getAlgorithm().getName());
            boolean fits = key instanceof RSAKey ? JWSAlgorithm.Family.RSA.contains(alg)
                    : alg.equals(ecAlgorithm(((ECKey) key).getCurve()));
            if (!fits) {
                throw new IllegalArgumentException("the key's alg " + alg + " does not fit its type");
            }
            return alg;
        }
        return key instanceof RSAKey ? JWSAlgorithm.RS256 : ecAlgorithm(((ECKey) key).getCurve());
    }

    private static JWSAlgorithm ecAlgorithm(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        throw new IllegalArgumentException("EC keys must be on P-256, P-384 or P-521");
    }

    private JWK generate(JWSAlgorithm alg) {
        String kid = null;
        if (stableKidPrefix != null) {
            int n = generation.merge(alg, 1, Integer::sum);
            kid = stableKidPrefix + "-" + alg.getName().toLowerCase(java.util.Locale.ROOT) + "-" + n;
        }
        try {
            if (JWSAlgorithm.Family.EC.contains(alg)) {
                Curve curve = alg.equals(JWSAlgorithm.ES256) ? Curve.P_256 : alg.equals(JWSAlgorithm.ES384) ? Curve.P_384 : Curve.P_521;
                com.nimbusds.jose.jwk.gen.JWKGenerator<ECKey> g = new ECKeyGenerator(curve).keyUse(KeyUse.SIGNATURE).algorithm(alg);
                return kid == null ? g.keyIDFromThumbprint(true).generate() : g.keyID(kid).generate();
            }
            com.nimbusds.jose.jwk.gen.JWKGenerator<RSAKey> g = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(alg);
            return kid == null ? g.keyIDFromThumbprint(true).generate() : g.keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a key for " + alg, e);
        }
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

    /** Generates a key for an algorithm a client added at run time asks for, unless one exists. */
    public synchronized void ensureAlgorithm(String algorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        if (!active.containsKey(alg)) {
            if (!JWSAlgorithm.Family.RSA.contains(alg) && !JWSAlgorithm.Family.EC.contains(alg)) {
                throw new IllegalArgumentException("the reference issuer signs with RSA and EC algorithms only");
            }
            add(generate(alg), alg);
        }
    }

    public JWSAlgorithm defaultAlgorithm() {
        return defaultAlgorithm;
    }

    /** The active RS256 key: what the realm's {@code public_key} shows and hostile RSA tokens build on. */
    public synchronized RSAKey activeKey() {
        return (RSAKey) keys.get(active.get(JWSAlgorithm.RS256));
    }

    /** The kid new tokens are signed with under the realm's default algorithm. */
    public synchronized String activeKeyId() {
        return active.get(defaultAlgorithm);
    }

    /** The active key for an algorithm the realm uses; for an RSA algorithm without a key of its own, the RS256 key. */
    public synchronized JWK signingKey(JWSAlgorithm alg) {
        String kid = active.get(alg);
        if (kid == null && JWSAlgorithm.Family.RSA.contains(alg)) {
            kid = active.get(JWSAlgorithm.RS256);
        }
        if (kid == null) {
            throw new IllegalStateException("no key for " + alg + " in this realm");
        }
        return keys.get(kid);
    }

    public synchronized Optional<JWK> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** Keys a token may verify against: active and passive, never retired; with the algorithm they sign with. */
    public synchronized Optional<JWK> verificationKey(String kid) {
        State state = states.get(kid);
        return state == null || state == State.RETIRED ? Optional.empty() : Optional.of(keys.get(kid));
    }

    public synchronized Optional<JWSAlgorithm> algorithmOfKey(String kid) {
        return Optional.ofNullable(algorithms.get(kid));
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

    /** A new active key for the default algorithm; the old one stays published. */
    public synchronized String rotate() {
        // Under the lock: the stable-kid counter must not race; a test rotates rarely.
        JWK fresh = generate(defaultAlgorithm);
        add(fresh, defaultAlgorithm);
        return fresh.getKeyID();
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
