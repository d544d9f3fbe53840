package dev.audguard.core.binding;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a {@link ReplayStore} reports to a health endpoint.
 *
 * <p>Immutable and thread-safe.
 *
 * @param store a short name of the implementation and where it is, such as {@code in-memory} or
 *     {@code redis 127.0.0.1:6379}; never a password
 * @param up whether the store answers and has room
 * @param entries how many entries it holds, when it knows
 * @param capacity how many it can hold, when bounded
 * @param detail fixed wording saying what is wrong, or {@code "ok"}
 */
public record ReplayStoreHealth(String store, boolean up, OptionalLong entries, OptionalLong capacity, String detail) {
    /** Checks the fields. */
    public ReplayStoreHealth {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(detail, "detail");
    }
}
