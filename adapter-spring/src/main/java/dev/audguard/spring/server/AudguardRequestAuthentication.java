package dev.audguard.spring.server;

import dev.audguard.core.AccessRule;
import dev.audguard.core.Outcome;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.Reason;
import dev.audguard.core.Refusal;
import dev.audguard.core.ResourceRequest;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.core.internal.pipeline.Credential;
import dev.audguard.core.internal.pipeline.Credentials;
import dev.audguard.servlet.internal.ServletRequests;
import dev.audguard.spring.internal.AcceptedHeaders;
import dev.audguard.spring.internal.PendingRequest;
import dev.audguard.spring.internal.RefusedRequestException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Spring MVC authentication through sdk-core's whole front door, request included, so that
 * sender-constrained tokens are checked: a DPoP proof (RFC 9449; method, the {@code DPoP} header,
 * {@code htu} from the {@code DpopVerifier}'s configured external base URL joined with the request
 * URI as sent, never {@code Host} or {@code X-Forwarded-*}) and the client certificate of a
 * certificate-bound token (RFC 8705; {@code jakarta.servlet.request.X509Certificate}, or a
 * trusted proxy's header). The auto-configuration uses it when a {@link SenderConstraints} bean or
 * {@code audguard.dpop.*} / {@code audguard.mtls.*} properties are present;
 * {@link AudguardResourceServer} then sets, on Spring Security's resource server:
 *
 * <ul>
 *   <li>{@link #converter()} as its {@code AuthenticationConverter}: Spring hands it the request, it
 *       copies what the front door reads ({@link ServletRequests#copy}) and picks the
 *       {@link PathRules} rule of that request, so nothing is read from a thread-local;</li>
 *   <li>{@link #manager()} as the {@code jwt(..)} authentication manager: it runs
 *       {@link ProtectedResource#authenticate(ResourceRequest, AccessRule)}, turns an accepted token
 *       into the application's authentication (a {@link VerifiedJwt} through the configured
 *       converter) and a refusal into the front door's answer, written by
 *       {@link AudguardAuthenticationEntryPoint} ({@code WWW-Authenticate: DPoP algs=..} beside
 *       {@code Bearer}, {@code use_dpop_nonce} with {@code DPoP-Nonce}).</li>
 * </ul>
 *
 * <p>Since it is set through {@code jwt(..)}, a chain of the application written with
 * {@code oauth2ResourceServer(o -> o.jwt(withDefaults()))} keeps it (the {@code AudguardResourceServer}
 * bean is applied to every {@code HttpSecurity}). Spring Security's {@code BearerTokenAuthenticationFilter}
 * refuses any authentication whose token has {@code cnf.jkt}, assuming a bearer filter only sees
 * the {@code Bearer} scheme; after the front door checked the DPoP proof, the authentication is
 * therefore a {@code JwtAuthenticationToken} whose {@code getTokenAttributes()} omit {@code cnf}
 * (the {@code Jwt} itself, {@code getToken().getClaims()}, keeps it).
 *
 * <p>Immutable and thread-safe.
 */
public final class AudguardRequestAuthentication {
    private final ProtectedResource resource;
    private final PathRules rules;
    private final Converter<Jwt, ? extends AbstractAuthenticationToken> jwtConverter;
    private final Set<String> schemes;
    private final List<String> requestHeaders;
    private final Map<String, Object> metadataFields;

    /**
     * @param resource     the front door, with the sender-binding step ({@code senderBinding(constraints.step())})
     * @param constraints  the constraints its step comes from (they name the {@code Authorization} schemes it accepts)
     * @param rules        the per-path requirements
     * @param jwtConverter makes the application's authentication from the verified token
     */
    public AudguardRequestAuthentication(ProtectedResource resource, SenderConstraints constraints, PathRules rules,
                                         Converter<Jwt, ? extends AbstractAuthenticationToken> jwtConverter) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.jwtConverter = Objects.requireNonNull(jwtConverter, "jwtConverter");
        Set<String> accepted = new LinkedHashSet<>();
        accepted.add(Credential.BEARER);
        accepted.addAll(constraints.step().schemes());
        this.schemes = Set.copyOf(accepted);
        this.requestHeaders = List.copyOf(resource.requestHeaders());
        this.metadataFields = Map.copyOf(constraints.step().metadataFields());
    }

    /**
     * What the sender binding adds to the RFC 9728 metadata ({@code dpop_signing_alg_values_supported},
     * {@code dpop_bound_access_tokens_required}, {@code tls_client_certificate_bound_access_tokens}).
     */
    public Map<String, Object> metadataFields() {
        return metadataFields;
    }

    /** The front door this authentication runs. */
    public ProtectedResource resource() {
        return resource;
    }

    /** Spring Security's {@code AuthenticationConverter}: the request as the front door reads it. */
    public AuthenticationConverter converter() {
        return this::convert;
    }

    /** The authentication manager that runs the front door on what {@link #converter()} made. */
    public AuthenticationManager manager() {
        return this::authenticate;
    }

    /**
     * {@code null} when the request brings no credential the front door accepts (none, or another
     * scheme such as {@code Basic}): authorization then decides, as for a request without a bearer
     * token. A malformed one (two {@code Authorization} headers, a query-string token) fails with
     * {@code invalid_request}.
     */
    private Authentication convert(HttpServletRequest request) {
        List<String> authorization = authorizationHeaders(request);
        try {
            if (Credentials.resolve(authorization, request.getQueryString(), schemes) == null) {
                return null;
            }
        } catch (TokenValidationException invalid) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidRequest(invalid.reason().description()), invalid);
        }
        String path = request.getPathInfo() == null ? request.getServletPath() : request.getServletPath() + request.getPathInfo();
        ResourceRequest copy = ServletRequests.copy(request, path, requestHeaders);
        return new Pending(copy, AccessRule.of(rules.requirementsFor(request)), request);
    }

    private static List<String> authorizationHeaders(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders("Authorization");
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        return values.hasMoreElements() ? List.of(first, values.nextElement()) : List.of(first);
    }

    private Authentication authenticate(Authentication authentication) {
        if (!(authentication instanceof Pending pending)) {
            throw new BadCredentialsException("Request refused: not an audguard request");
        }
        Outcome outcome = resource.authenticate(pending.request(), pending.rule);
        if (outcome instanceof Outcome.Refused refused) {
            throw new RefusedRequestException(refused.refusal());
        }
        if (!(outcome instanceof Outcome.Accepted accepted)) {
            // never under an authenticated rule with a credential; authorization decides
            return null;
        }
        VerifiedJwt jwt;
        try {
            jwt = VerifiedJwt.of(accepted.token(), resource.principalClaim());
        } catch (IllegalArgumentException notRepresentable) {
            // Spring's Jwt requires exp after iat; such a token is not one we can hand on
            throw new RefusedRequestException(Refusal.of(Reason.INVALID_CLAIM));
        }
        AbstractAuthenticationToken converted = jwtConverter.convert(jwt);
        if (converted == null) {
            throw new RefusedRequestException(Refusal.of(Reason.INTERNAL_ERROR));
        }
        AcceptedHeaders.add(pending.servletRequest, accepted.responseHeaders());
        return converted instanceof JwtAuthenticationToken token && hasJkt(token.getToken())
                ? new ProofCheckedJwtAuthenticationToken(token) : converted;
    }

    private static boolean hasJkt(Jwt jwt) {
        Map<String, Object> cnf = jwt.getClaimAsMap("cnf");
        return cnf != null && cnf.get("jkt") != null;
    }

    @Override
    public String toString() {
        return "AudguardRequestAuthentication{" + resource + '}';
    }

    /** A request waiting for the front door, with its rule and the servlet request accepted headers go to. */
    static final class Pending extends PendingRequest {
        private static final long serialVersionUID = 1L;
        private final transient AccessRule rule;
        private final transient HttpServletRequest servletRequest;

        Pending(ResourceRequest request, AccessRule rule, HttpServletRequest servletRequest) {
            super(request);
            this.rule = rule;
            this.servletRequest = servletRequest;
        }
    }

    /**
     * A DPoP-bound token whose proof the front door checked. Its token attributes omit {@code cnf},
     * which Spring Security's bearer filter would take for a bound token sent as {@code Bearer}; the
     * {@code Jwt} keeps every claim.
     */
    static final class ProofCheckedJwtAuthenticationToken extends JwtAuthenticationToken {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, Object> attributes;

        ProofCheckedJwtAuthenticationToken(JwtAuthenticationToken checked) {
            super(checked.getToken(), checked.getPrincipal(), checked.getAuthorities());
            setDetails(checked.getDetails());
            Map<String, Object> claims = new HashMap<>(checked.getToken().getClaims());
            claims.remove("cnf");
            this.attributes = Collections.unmodifiableMap(claims);
        }

        @Override
        public Map<String, Object> getTokenAttributes() {
            return attributes;
        }
    }
}
