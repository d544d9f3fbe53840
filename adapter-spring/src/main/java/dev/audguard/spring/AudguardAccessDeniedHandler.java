package dev.audguard.spring;

import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import dev.audguard.spring.internal.Answers;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;

import java.io.IOException;
import java.util.Objects;

/**
 * Answers a bearer-authenticated request that authorization refused ({@code hasAuthority},
 * {@code hasRole}, {@code @PreAuthorize}) as Spring's {@code BearerTokenAccessDeniedHandler}
 * does, 403 {@code insufficient_scope}, but through sdk-core's {@code BearerChallenge}: fixed
 * wording, JSON body, {@code Cache-Control: no-store}. Other requests (a CSRF refusal, a session
 * login) get Spring's plain 403.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 section 3.1</a>
 */
public final class AudguardAccessDeniedHandler implements AccessDeniedHandler {
    private static final Logger log = LoggerFactory.getLogger(AudguardAccessDeniedHandler.class);

    private final AudguardAuthenticationEntryPoint entryPoint;
    private final AccessDeniedHandler others = new AccessDeniedHandlerImpl();

    /** A handler answering with {@code entryPoint}'s challenge (realm, metadata URL). */
    public AudguardAccessDeniedHandler(AudguardAuthenticationEntryPoint entryPoint) {
        this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof AbstractOAuth2TokenAuthenticationToken<?>)) {
            others.handle(request, response, denied);
            return;
        }
        log.debug("Request refused: {}", Reason.INSUFFICIENT_SCOPE.code());
        Answers.write(response, entryPoint.challengeFor(request).forFailure(new TokenValidationException(Reason.INSUFFICIENT_SCOPE)));
    }

    @Override
    public String toString() {
        return "AudguardAccessDeniedHandler";
    }
}
