package dev.audguard.mcp.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.audguard.core.VerifiedToken;

import java.time.Duration;
import java.util.Objects;

/**
 * Which token created each MCP session: an {@code Mcp-Session-Id} is bound to the {@code iss},
 * {@code sub} and {@code azp} of the token of the request that got it, so a session id that leaks
 * cannot be used with someone else's token (MCP security best practices, "Session Hijacking").
 * Sessions never authenticate anything: every request is still checked with its own token. Not API.
 *
 * <p>Bounded; an entry lives {@code lifetime} after its last use; a session forgotten for either
 * reason must be initialised again. Thread-safe.
 */
public final class SessionOwners {
    private record Owner(String issuer, String subject, String client) {
        static Owner of(VerifiedToken token) {
            return new Owner(token.issuer(), token.subject().orElse(""), token.authorizedParty().orElse(""));
        }
    }

    private final Cache<String, Owner> owners;

    public SessionOwners(Duration lifetime, long maximumSize, Ticker ticker) {
        this.owners = Caffeine.newBuilder().expireAfterAccess(lifetime).maximumSize(maximumSize)
                .ticker(Objects.requireNonNull(ticker, "ticker")).build();
    }

    /** Records that {@code token} created session {@code id}; a session id is never rebound. */
    public void created(String id, VerifiedToken token) {
        owners.asMap().putIfAbsent(id, Owner.of(token));
    }

    /**
     * Whether {@code token} may use session {@code id}. Fail-closed: a session this map does not
     * know (never created through it, or forgotten) is refused too, and the client starts a new one.
     */
    public boolean mayUse(String id, VerifiedToken token) {
        Owner owner = owners.getIfPresent(id);
        return owner != null && owner.equals(Owner.of(token));
    }

    /** Forgets session {@code id} (the client ended it with DELETE). */
    public void ended(String id) {
        owners.invalidate(id);
    }
}
