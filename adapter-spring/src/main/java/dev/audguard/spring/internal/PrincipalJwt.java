package dev.audguard.spring.internal;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;

import java.io.Serial;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A Spring {@link Jwt} that is also the authentication's principal, named by the principal claim
 * (falling back to {@code sub}): what {@code server.VerifiedJwt} (audguard's decoder) and
 * {@link UncheckedJwtPrincipal} (another decoder's token) share, written once so that both name a
 * principal alike. Equal when the token values are, within one subclass. Not API.
 *
 * <p>Immutable and thread-safe.
 */
public abstract class PrincipalJwt extends Jwt implements OAuth2AuthenticatedPrincipal {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String principalClaim;

    protected PrincipalJwt(String tokenValue, Instant issuedAt, Instant expiresAt, Map<String, Object> headers,
                           Map<String, Object> claims, String principalClaim) {
        super(tokenValue, issuedAt, expiresAt, headers, claims);
        this.principalClaim = principalClaim;
    }

    /** The principal claim's value, or {@code sub} when the token lacks it. */
    @Override
    public String getName() {
        String name = getClaimAsString(principalClaim);
        if (name == null) {
            name = getSubject();
        }
        return name != null ? name : "";
    }

    /** The claims. */
    @Override
    public Map<String, Object> getAttributes() {
        return getClaims();
    }

    /** None: authorities are computed by the authentication converter ({@code KeycloakAuthoritiesConverter}). */
    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of();
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && getTokenValue().equals(((PrincipalJwt) o).getTokenValue());
    }

    @Override
    public final int hashCode() {
        return getTokenValue().hashCode();
    }
}
