package dev.audguard.issuer;

import dev.audguard.issuer.internal.KeyRing;

import java.util.List;

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
        return ring.publicJwks().toString(true);
    }
}
