package dev.audguard.core.binding;

/**
 * Told about every sender-binding outcome, for metrics: count {@link #refused(BindingReason)} by
 * {@link BindingReason#code()}; {@link BindingReason#REPLAY_STORE_UNAVAILABLE} and
 * {@link BindingReason#REPLAY_STORE_FULL} are the replay store's health as requests see it.
 *
 * <p>Called on the request thread; must be fast and thread-safe. An exception it throws is logged
 * and ignored: a listener never changes an outcome.
 */
public interface BindingListener {
    /** A proof or certificate checked out; {@code mechanism} is {@code "dpop"} or {@code "mtls"}. */
    default void accepted(String mechanism) {
    }

    /** A request was refused for {@code reason}. */
    default void refused(BindingReason reason) {
    }

    /** A listener that does nothing. */
    static BindingListener none() {
        return new BindingListener() {
        };
    }
}
