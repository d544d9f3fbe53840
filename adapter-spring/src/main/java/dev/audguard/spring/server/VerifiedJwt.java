package dev.audguard.spring.server;

import dev.audguard.core.TokenHeader;
import dev.audguard.core.VerifiedToken;
import dev.audguard.spring.internal.PrincipalJwt;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

import java.io.Serial;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Spring Security {@link Jwt} that {@link AudguardJwtDecoder} returns: the claims of a token
 * sdk-core verified, with the {@link VerifiedToken} itself still reachable (for the exchanging
 * client's subject token, Keycloak roles, and anything else sdk-core reads).
 *
 * <pre>{@code
 * @GetMapping("/orders")
 * List<Order> orders(@AuthenticationPrincipal Jwt jwt) {
 *     VerifiedToken token = ((VerifiedJwt) jwt).verifiedToken();
 *     ...
 * }
 * }</pre>
 *
 * <p>It is also the authentication's principal: {@link #getName()} is the principal claim
 * ({@code spring.security.oauth2.resourceserver.jwt.principal-claim-name}, default {@code sub}),
 * falling back to {@code sub} when the token lacks that claim. Claims are as Spring's own decoder
 * presents them: {@code exp}, {@code iat}, {@code nbf} as {@link Instant}, {@code aud} as a list.
 *
 * <p>The naming, the claims as attributes, no authorities of its own and equality by token value
 * are those of every audguard {@code Jwt} principal (also another decoder's, kept with
 * {@code audguard.allow-unchecked-jwt-decoder}).
 *
 * <p>{@link #toString()} never shows the token. Immutable and thread-safe. The verified token is
 * not serialized: a deserialized copy answers {@link #verifiedToken()} with {@code null} (resource
 * servers are stateless; nothing serializes it unless sessions are switched on).
 */
public final class VerifiedJwt extends PrincipalJwt {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient VerifiedToken verifiedToken;

    private VerifiedJwt(VerifiedToken token, Map<String, Object> headers, Map<String, Object> claims, String principalClaim) {
        super(token.rawToken(), token.issuedAt().orElse(null), token.expiresAt().orElse(null), headers, claims, principalClaim);
        this.verifiedToken = token;
    }

    /**
     * The Spring view of {@code token}, named by {@code principalClaim}.
     *
     * @throws IllegalArgumentException when the token's {@code exp} is not after its {@code iat}
     *     (Spring's {@code Jwt} cannot hold such a token)
     */
    public static VerifiedJwt of(VerifiedToken token, String principalClaim) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(principalClaim, "principalClaim");
        Map<String, Object> claims = new LinkedHashMap<>(token.claims());
        token.expiresAt().ifPresent(exp -> claims.put("exp", exp));
        token.issuedAt().ifPresent(iat -> claims.put("iat", iat));
        token.notBefore().ifPresent(nbf -> claims.put("nbf", nbf));
        if (claims.containsKey("aud")) {
            claims.put("aud", token.audiences());
        }
        return new VerifiedJwt(token, token.header().map(TokenHeader::parameters).orElseGet(() -> Map.of("typ", "opaque")), claims, principalClaim);
    }

    /** The verified token behind this JWT. */
    public VerifiedToken verifiedToken() {
        return verifiedToken;
    }

    /**
     * The verified token behind {@code jwt}, when audguard's decoder made it; empty for a
     * {@code Jwt} of another decoder (kept with {@code audguard.allow-unchecked-jwt-decoder}).
     */
    public static Optional<VerifiedToken> verifiedToken(Jwt jwt) {
        return jwt instanceof VerifiedJwt verified && verified.verifiedToken != null ? Optional.of(verified.verifiedToken)
                : Optional.empty();
    }

    /**
     * The verified token of {@code authentication}, when audguard's decoder authenticated it.
     */
    public static Optional<VerifiedToken> verifiedToken(Authentication authentication) {
        if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> oauth
                && oauth.getToken() instanceof VerifiedJwt jwt && jwt.verifiedToken != null) {
            return Optional.of(jwt.verifiedToken);
        }
        if (authentication != null && authentication.getPrincipal() instanceof VerifiedJwt jwt && jwt.verifiedToken != null) {
            return Optional.of(jwt.verifiedToken);
        }
        return Optional.empty();
    }

    /** The verified token of the request being served on this thread, from the {@link SecurityContextHolder}. */
    public static Optional<VerifiedToken> current() {
        return verifiedToken(SecurityContextHolder.getContext().getAuthentication());
    }

    @Override
    public String toString() {
        return "VerifiedJwt{" + (verifiedToken != null ? verifiedToken.toString() : "name=" + getName()) + '}';
    }
}
