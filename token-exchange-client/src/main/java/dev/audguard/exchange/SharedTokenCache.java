package dev.audguard.exchange;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A cache of exchanged tokens shared by every instance of a service (for example
 * {@code dev.audguard.redis.RedisExchangeCache}), so that a fleet of a hundred instances exchanges
 * once per user and downstream service, not a hundred times. Set with
 * {@link TokenExchangeClient.Builder#sharedCache(SharedTokenCache)}; each instance keeps its own
 * in-memory cache in front of it.
 *
 * <p>Its failure mode is the opposite of a DPoP replay store's: a cache that fails (an exception, a
 * failed or slow stage, an entry that cannot be read) is a cache that is empty. The client then
 * exchanges as it would without one; it never refuses because of the cache.
 *
 * <p>What the client stores: under a key that is a SHA-256 over every parameter that changes the
 * issuer's answer (the client, the token endpoint, the subject token's own SHA-256, audiences,
 * resources, scopes, token types, the actor token's SHA-256 and the DPoP key's thumbprint), the
 * exchange response it received (the exchanged token, its type, scopes and expiry) with a time to
 * live that ends before the token does and never after the subject token. No inbound token is
 * stored. The exchanged tokens are at rest in the shared store: whoever can read it can use them
 * until they expire (DPoP-bound ones need the private key too), so protect it as you would the
 * tokens (access control, TLS, no persistence you do not need).
 *
 * <p>Implementations must be thread-safe and should answer within a short timeout: the exchange
 * waits for {@link #get} before it asks the issuer. The client calls {@link #put} and
 * {@link #remove} without waiting for them.
 */
public interface SharedTokenCache {

    /** The value stored under {@code key}, or empty when there is none (or it expired). */
    CompletionStage<Optional<String>> get(String key);

    /** Stores {@code value} under {@code key} for {@code timeToLive} (positive), replacing what was there. */
    CompletionStage<Void> put(String key, String value, Duration timeToLive);

    /** Removes what is stored under {@code key}: a downstream service refused that token. */
    CompletionStage<Void> remove(String key);
}
