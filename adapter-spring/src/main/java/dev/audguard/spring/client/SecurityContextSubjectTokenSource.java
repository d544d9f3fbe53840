package dev.audguard.spring.client;

import dev.audguard.spring.server.VerifiedJwt;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.SubjectTokenSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

import java.util.Optional;

/**
 * The subject token of the request being served on this thread: the token the
 * {@link dev.audguard.spring.server.AudguardJwtDecoder} verified, from Spring Security's {@link SecurityContextHolder}
 * (a {@link VerifiedJwt}, whose trusted {@code exp} bounds caching), or the raw token of another
 * bearer authentication.
 *
 * <p>Thread-safe: each thread sees its own security context, so one request never acts with
 * another's token. Empty outside a request and for anonymous requests.
 */
public final class SecurityContextSubjectTokenSource implements SubjectTokenSource {

    @Override
    public Optional<SubjectToken> currentSubjectToken() {
        return subjectOf(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The subject token of {@code authentication}, when it is a bearer-token authentication. */
    public static Optional<SubjectToken> subjectOf(Authentication authentication) {
        Optional<SubjectToken> verified = VerifiedJwt.verifiedToken(authentication).map(SubjectToken::of);
        if (verified.isPresent()) {
            return verified;
        }
        if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> oauth && oauth.isAuthenticated()) {
            return Optional.of(SubjectToken.of(oauth.getToken().getTokenValue()));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "SecurityContextSubjectTokenSource";
    }
}
