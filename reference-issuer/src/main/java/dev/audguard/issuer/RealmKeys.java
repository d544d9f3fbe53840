package dev.audguard.issuer;

import dev.audguard.issuer.internal.Json;
import dev.audguard.issuer.internal.KeyRing;

import java.util.List;
import java.util.Map;

/**
 * A realm's signing keys: fresh RSA 2048 keys per issuer instance, RS256 like Keycloak. Rotation
 * publishes a new active key and keeps the old one listed until it is retired. Also reachable over
 * HTTP at {@code {issuer}/testing/keys}, {@code keys/rotate} and {@code keys/retire?kid=}.
 *
 * <p>Thread-safe.
 */
public final class RealmKeys {

    private final KeyRing ring;

    RealmKeys(KeyRing ring) {
        this.ring = ring;
    }

    /** The {@code kid} new tokens are signed with. */
    public String activeKeyId() {
        return ring.activeKeyId();
    }

    /** The signing keys the JWKS lists, oldest first. */
    public List<String> publishedKeyIds() {
        return ring.publishedKeyIds();
    }

    /** Makes and activates a new key; the previous one stays published. Returns the new {@code kid}. */
    public String rotate() {
        return ring.rotate();
    }

    /**
     * Removes a non-active key from the JWKS; tokens it signed stop verifying here and should stop
     * verifying at services once they refresh their key cache.
     *
     * @throws IllegalArgumentException for an unknown kid
     * @throws IllegalStateException for the active key
     */
    public void retire(String kid) {
        ring.retire(kid);
    }

    /** The JWKS document the certs endpoint serves, as JSON. */
    public String jwksJson() {
        return Json.write(ring.publicJwksDocument());
    }

    /**
     * Publishes a JWK in the JWKS exactly as given, never parsed or re-encoded as a key, until
     * {@link #withdraw(String)}: for conformance cases such as a zero-padded modulus or
     * {@code key_ops: ["encrypt"]} without {@code use}. The private half stays with the caller, who
     * signs with {@code mint().signedWith(privateKey, "RS256").keyId(kid)}. The issuer never verifies
     * its own tokens with such a key. Also {@code POST {issuer}/testing/keys/publish} (the JWK as a
     * JSON body) and {@code DELETE {issuer}/testing/keys/publish?kid=}.
     *
     * @param jwk a JSON object as maps, lists and strings, with a string {@code kid}
     * @throws IllegalArgumentException without a {@code kid}, or when the kid is taken
     */
    public void publishVerbatim(Map<String, Object> jwk) {
        ring.publishVerbatim(java.util.Objects.requireNonNull(jwk, "jwk"));
    }

    /** The same, from JSON text. @throws IllegalArgumentException when the text is not a JSON object */
    public void publishVerbatim(String jwkJson) {
        publishVerbatim(Json.parseObject(jwkJson).orElseThrow(() -> new IllegalArgumentException("not a JSON object")));
    }

    /** Removes a JWK {@link #publishVerbatim published verbatim}; false when there was none with that kid. */
    public boolean withdraw(String kid) {
        return ring.withdraw(kid);
    }
}
