package dev.audguard.spring.internal;

import org.springframework.security.oauth2.jwt.Jwt;

import java.io.Serial;

/**
 * The principal of a token that another decoder (kept with
 * {@code audguard.allow-unchecked-jwt-decoder}) checked: still a {@link Jwt}, so that
 * {@code @AuthenticationPrincipal Jwt} works as with audguard's decoder, named by the same
 * principal claim. Not API.
 *
 * <p>Immutable and thread-safe.
 */
public final class UncheckedJwtPrincipal extends PrincipalJwt {
    @Serial
    private static final long serialVersionUID = 1L;

    /** {@code jwt}, named by {@code principalClaim} (else {@code sub}). */
    public UncheckedJwtPrincipal(Jwt jwt, String principalClaim) {
        super(jwt.getTokenValue(), jwt.getIssuedAt(), jwt.getExpiresAt(), jwt.getHeaders(), jwt.getClaims(), principalClaim);
    }

    @Override
    public String toString() {
        // never the token
        return "UncheckedJwtPrincipal{name=" + getName() + '}';
    }
}
