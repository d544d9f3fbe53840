package dev.audguard.spring.internal;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The principal of a token that another decoder (kept with
 * {@code audguard.allow-unchecked-jwt-decoder}) checked: still a {@link Jwt}, so that
 * {@code @AuthenticationPrincipal Jwt} works as with audguard's decoder, named by the same
 * principal claim. Not API.
 *
 * <p>Immutable and thread-safe.
 */
public final class UncheckedJwtPrincipal extends Jwt implements OAuth2AuthenticatedPrincipal {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String principalClaim;

    /** {@code jwt}, named by {@code principalClaim} (else {@code sub}). */
    public UncheckedJwtPrincipal(Jwt jwt, String principalClaim) {
        super(jwt.getTokenValue(), jwt.getIssuedAt(), jwt.getExpiresAt(), jwt.getHeaders(), jwt.getClaims());
        this.principalClaim = principalClaim;
    }

    @Override
    public String getName() {
        String name = getClaimAsString(principalClaim);
        if (name == null) {
            name = getSubject();
        }
        return name != null ? name : "";
    }

    @Override
    public Map<String, Object> getAttributes() {
        return getClaims();
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UncheckedJwtPrincipal other && getTokenValue().equals(other.getTokenValue());
    }

    @Override
    public int hashCode() {
        return getTokenValue().hashCode();
    }

    @Override
    public String toString() {
        // never the token
        return "UncheckedJwtPrincipal{name=" + getName() + '}';
    }
}
