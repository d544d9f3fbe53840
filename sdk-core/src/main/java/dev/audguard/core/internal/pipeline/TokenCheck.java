package dev.audguard.core.internal.pipeline;

import dev.audguard.core.Requirements;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.VerifiedToken;

/**
 * The token-check step: turns the credential's token into a {@link VerifiedToken} or refuses it.
 * Today it is {@link dev.audguard.core.TokenValidator#validate(String, Requirements)}; an
 * introspection check (RFC 7662) for opaque tokens plugs in here. Not API.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface TokenCheck {
    /**
     * Checks {@code token} under the policy plus {@code requirements}.
     *
     * @throws TokenValidationException with the reason the token is refused (the check reports it
     *     to its own listener); any other exception is an internal error
     */
    VerifiedToken check(String token, Requirements requirements);
}
