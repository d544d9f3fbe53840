package dev.audguard.spring.server;

import dev.audguard.core.Reason;
import dev.audguard.core.Refusal;
import dev.audguard.servlet.internal.ServletAnswerWriter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a bearer-authenticated request that authorization refused ({@code hasAuthority},
 * {@code hasRole}, {@code @PreAuthorize}) with sdk-core's answer for the matching {@link Refusal}
 * ({@link AudguardAuthenticationEntryPoint#answer}): fixed wording, JSON body,
 * {@code Cache-Control: no-store}. What was required decides the answer:
 *
 * <ul>
 *   <li>only scope authorities ({@code hasAuthority('SCOPE_x')}): 403 {@code insufficient_scope}
 *       with the {@code scope} the rule names, as Spring's {@code BearerTokenAccessDeniedHandler};</li>
 *   <li>a role ({@code hasRole}, {@code hasAnyRole}, a {@code ROLE_} authority): 403
 *       {@code access_denied} ({@link Reason#INSUFFICIENT_ROLE}), "The access token does not carry a
 *       role this resource requires.", and a challenge without {@code error}: a scope the client could ask for would not help;</li>
 *   <li>anything else ({@code denyAll}, a custom rule): 403 {@code access_denied}
 *       ({@link Reason#ACCESS_DENIED}), "Access to this
 *       resource is denied."</li>
 * </ul>
 *
 * <p>Other requests (a CSRF refusal, a session login) get Spring's plain 403.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 section 3.1</a>
 */
public final class AudguardAccessDeniedHandler implements AccessDeniedHandler {
    private static final Logger log = LoggerFactory.getLogger(AudguardAccessDeniedHandler.class);
    private static final Pattern AUTHORITY_CALL = Pattern.compile("has(?:Any)?Authority\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern CONNECTIVES = Pattern.compile("(?i)[\\s()]|\\band\\b|\\bor\\b|&&|\\|\\|");

    private final AudguardAuthenticationEntryPoint entryPoint;
    private final String scopePrefix;
    private final AccessDeniedHandler others = new AccessDeniedHandlerImpl();

    /** A handler answering with {@code entryPoint}'s challenge (realm, metadata URL); scope authorities start {@code SCOPE_}. */
    public AudguardAccessDeniedHandler(AudguardAuthenticationEntryPoint entryPoint) {
        this(entryPoint, "SCOPE_");
    }

    /** As {@link #AudguardAccessDeniedHandler(AudguardAuthenticationEntryPoint)}, scope authorities starting {@code scopePrefix}. */
    public AudguardAccessDeniedHandler(AudguardAuthenticationEntryPoint entryPoint, String scopePrefix) {
        this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
        this.scopePrefix = Objects.requireNonNull(scopePrefix, "scopePrefix");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof AbstractOAuth2TokenAuthenticationToken<?>)) {
            others.handle(request, response, denied);
            return;
        }
        AuthorizationResult result = denied instanceof AuthorizationDeniedException d ? d.getAuthorizationResult() : null;
        Optional<Set<String>> scopes = scopesOnly(result);
        // a missing role or a deny-all: sdk-core answers access_denied with a challenge without error,
        // RFC 6750 has no code for them and no scope the client could ask for would help
        Refusal refusal = scopes.isPresent() && !scopes.get().isEmpty() ? Refusal.insufficientScope(scopes.get())
                : Refusal.of(mentionsRole(result) ? Reason.INSUFFICIENT_ROLE : Reason.ACCESS_DENIED);
        log.debug("Request refused: {}", refusal.code());
        ServletAnswerWriter.write(response, entryPoint.answer(request, refusal));
    }

    /** The scopes required, when the refused rule required scope authorities and nothing else. */
    private Optional<Set<String>> scopesOnly(AuthorizationResult result) {
        Set<String> scopes = new TreeSet<>();
        if (result instanceof AuthorityAuthorizationDecision authorities) {
            for (GrantedAuthority authority : authorities.getAuthorities()) {
                String name = authority.getAuthority();
                if (name == null || !name.startsWith(scopePrefix) || name.length() == scopePrefix.length()) {
                    return Optional.empty();
                }
                scopes.add(name.substring(scopePrefix.length()));
            }
            return Optional.of(scopes);
        }
        if (result instanceof ExpressionAuthorizationDecision expression && expression.getExpression() != null) {
            String text = expression.getExpression().getExpressionString();
            Matcher calls = AUTHORITY_CALL.matcher(text);
            while (calls.find()) {
                Matcher quoted = QUOTED.matcher(calls.group(1));
                while (quoted.find()) {
                    String name = quoted.group(1);
                    if (!name.startsWith(scopePrefix) || name.length() == scopePrefix.length()) {
                        return Optional.empty();
                    }
                    scopes.add(name.substring(scopePrefix.length()));
                }
            }
            // anything beside the authority calls (a role, a bean call) makes it more than a scope rule
            return CONNECTIVES.matcher(AUTHORITY_CALL.matcher(text).replaceAll("")).replaceAll("").isEmpty()
                    ? Optional.of(scopes) : Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean mentionsRole(AuthorizationResult result) {
        if (result instanceof AuthorityAuthorizationDecision authorities) {
            return authorities.getAuthorities().stream().anyMatch(a -> a.getAuthority() != null && a.getAuthority().startsWith("ROLE_"));
        }
        if (result instanceof ExpressionAuthorizationDecision expression && expression.getExpression() != null) {
            String text = expression.getExpression().getExpressionString();
            return text.contains("hasRole(") || text.contains("hasAnyRole(") || text.contains("ROLE_");
        }
        return false;
    }

    @Override
    public String toString() {
        return "AudguardAccessDeniedHandler";
    }
}
