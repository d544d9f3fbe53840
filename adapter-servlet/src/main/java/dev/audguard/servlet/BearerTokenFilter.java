package dev.audguard.servlet;

import dev.audguard.core.AccessRule;
import dev.audguard.core.BearerPrincipal;
import dev.audguard.core.HttpAnswer;
import dev.audguard.core.KeycloakAdapterConfig;
import dev.audguard.core.Outcome;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.ProtectedResourceMetadata;
import dev.audguard.core.Requirements;
import dev.audguard.core.ResourceRequest;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.internal.pipeline.SenderBinding;
import dev.audguard.servlet.internal.HiddenHeaders;
import dev.audguard.servlet.internal.InitParams;
import dev.audguard.servlet.internal.ServletAnswerWriter;
import dev.audguard.servlet.internal.ServletRequests;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A Jakarta Servlet filter that lets a request through only with an access token minted for this
 * service: the replacement for Keycloak's removed servlet filter adapter. Map it to {@code /*}.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder()
 *         .issuer("https://idp.example.com/realms/demo")
 *         .audience("orders-api")
 *         .build();
 * BearerTokenFilter filter = BearerTokenFilter.builder(validator)
 *         .unprotected("/health", "/public/*")
 *         .rule("/reports/*", AccessRule.authenticated().withAudience(AudienceRule.anyOf("reports-api")))
 *         .build();
 * servletContext.addFilter("audguard", filter).addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>The filter translates and nothing else: it copies each request into sdk-core's
 * {@link ResourceRequest} and hands it to the {@link ProtectedResource} front door it builds, which
 * decides; see that class for the pipeline. Per request:
 * <ul>
 *   <li>The token comes from exactly one {@code Authorization: Bearer} header, parsed strictly
 *       (RFC 6750 section 2.1); a token in the query string, several headers or a malformed header
 *       is 400 {@code invalid_request}.</li>
 *   <li>The path within the application (the container's decoded, normalized servlet path and
 *       path info) selects an {@link AccessRule} as the container maps URL patterns, most specific
 *       first whatever the order of the calls: exact, then the longest {@code /prefix/*}, then
 *       {@code *.ext}, then {@code /}; unmatched paths need a valid token under the validator's
 *       policy. A path that still holds encoded or ambiguous pieces after the container decoded it
 *       ({@code %}, {@code \}, {@code ;}, {@code //}, dot segments, a segment ending in a dot) is
 *       refused with 400 {@code invalid_request} before any rule is looked at, so that
 *       {@code ..;/}, {@code %2e%2e}, {@code %252e} and their kind cannot dodge a rule.</li>
 *   <li>Refusals are sdk-core's prepared {@link HttpAnswer}s: 401 with
 *       {@code WWW-Authenticate: Bearer realm="...", error="invalid_token", error_description="..."},
 *       401 without {@code error} when no token was sent, 400 {@code invalid_request}, 403
 *       {@code insufficient_scope} with {@code scope}, 503 with {@code Retry-After} when the
 *       issuer's keys cannot be had, 403 {@code access_denied} for a missing role, 500
 *       {@code server_error} when checking failed unexpectedly; a JSON body
 *       {@code {"error":..,"error_description":..}}; {@code Cache-Control: no-store}. Fixed
 *       wording: never the token, a stack trace or an exception class.</li>
 *   <li>A {@code TokenExchangeException} (or {@code UnknownDownstreamException}) thrown by the
 *       application behind the filter, directly or wrapped in a {@code ServletException}, is
 *       answered as every adapter answers it: 401 {@code invalid_token} when the issuer refused the
 *       caller's token, 502 for a misconfigured exchange, 503 with {@code Retry-After} when the
 *       issuer is unavailable; when the response is already committed it is rethrown.</li>
 *   <li>An accepted request goes on wrapped: {@link #verifiedToken(ServletRequest)} (the request
 *       attribute {@value #TOKEN_ATTRIBUTE}) gives the {@link VerifiedToken};
 *       {@code getUserPrincipal()} is a {@link BearerPrincipal} named by the principal claim
 *       (default {@code sub}, falling back to {@code sub} when the claim is absent);
 *       {@code getRemoteUser()} is its name; {@code isUserInRole(r)} answers from the token's realm
 *       roles, or from one client's roles ({@link Builder#rolesFromClient}, Keycloak's
 *       {@code use-resource-role-mappings}), and {@code "**"} is any authenticated user;
 *       {@code getAuthType()} is {@value #AUTH_TYPE}.</li>
 *   <li>With {@link Builder#resourceMetadata(URI)} the filter serves RFC 9728 metadata at
 *       {@code GET /.well-known/oauth-protected-resource[/resource-path]} (when that path lies in
 *       this application) and adds {@code resource_metadata} to every challenge.</li>
 * </ul>
 *
 * <p>Configured in code ({@link #builder(TokenValidator)}) or, through the public no-argument
 * constructor, by {@code web.xml} init parameters; not both. Init parameters (unknown names fail):
 * <table>
 *   <caption>init parameters</caption>
 *   <tr><th>name</th><th>value</th></tr>
 *   <tr><td>{@code keycloak-config-file}</td><td>path of a {@code keycloak.json}: issuer, audience
 *       ({@code resource}), keys, {@code principal-attribute}, {@code use-resource-role-mappings},
 *       realm; see {@link KeycloakAdapterConfig}</td></tr>
 *   <tr><td>{@code keycloak-config-resource}</td><td>the same, as a path in the web application,
 *       e.g. {@code /WEB-INF/keycloak.json}</td></tr>
 *   <tr><td>{@code issuer}</td><td>the trusted issuer (keys through discovery); without a Keycloak file</td></tr>
 *   <tr><td>{@code audience}</td><td>the required audience(s), comma-separated (any one suffices)</td></tr>
 *   <tr><td>{@code jwks-uri}</td><td>the issuer's JWKS URI, instead of discovery</td></tr>
 *   <tr><td>{@code principal-claim}</td><td>the claim naming the principal (default {@code sub})</td></tr>
 *   <tr><td>{@code roles-client}</td><td>answer {@code isUserInRole} from this client's roles</td></tr>
 *   <tr><td>{@code realm}</td><td>the challenge's {@code realm} attribute</td></tr>
 *   <tr><td>{@code unprotected-paths}</td><td>URL patterns, comma- or space-separated</td></tr>
 *   <tr><td>{@code path-rules}</td><td>one rule per line: {@code PATTERN [audience=a,b]
 *       [audience-match=any|all] [scopes=s1,s2]}</td></tr>
 *   <tr><td>{@code resource}</td><td>the RFC 9728 resource identifier: serve metadata</td></tr>
 *   <tr><td>{@code retry-after-seconds}</td><td>{@code Retry-After} of 503 answers (default 10)</td></tr>
 *   <tr><td>{@code explain-refusals}</td><td>{@code true}: each refused token is explained at WARN
 *       (its unverified {@code iss}, {@code aud}, {@code azp}, {@code kid}, {@code typ}, {@code exp}
 *       beside the policy, with hints; one line per reason per second); default DEBUG only</td></tr>
 *   <tr><td>{@code allow-insecure-http}</td><td>{@code true}: keys may come over plain HTTP from an
 *       issuer that is not loopback (WARN at start-up); with a Keycloak file only together with its
 *       {@code "ssl-required": "none"}. Default {@code false}</td></tr>
 *   <tr><td>{@code introspection}</td><td>turns RFC 7662 introspection on: {@code opaque-tokens}
 *       (JWTs checked locally, other tokens introspected), {@code every-token}, or
 *       {@code jwt-then-introspect} (Keycloak's lightweight tokens, revocation); the answer's
 *       {@code aud} must name the audience above</td></tr>
 *   <tr><td>{@code introspection-endpoint}</td><td>the endpoint; default: the issuer's metadata
 *       ({@code introspection_endpoint})</td></tr>
 *   <tr><td>{@code introspection-client-id}</td><td>the client that introspects; default the
 *       Keycloak file's {@code resource}</td></tr>
 *   <tr><td>{@code introspection-client-auth}</td><td>{@code client_secret_basic} (default),
 *       {@code client_secret_post} or {@code private_key_jwt}</td></tr>
 *   <tr><td>{@code introspection-client-secret}</td><td>its secret; default the Keycloak file's
 *       {@code credentials.secret}</td></tr>
 *   <tr><td>{@code introspection-private-key-file}</td><td>for {@code private_key_jwt}: path of the
 *       client's private JWK (RSA or EC; {@code kid} and {@code alg} taken from it)</td></tr>
 *   <tr><td>{@code introspection-max-cache-seconds}</td><td>longest reuse of an answer, the delay
 *       before a revocation is seen (default 60)</td></tr>
 *   <tr><td>{@code truststore}, {@code truststore-password}</td><td>a PKCS#12 or JKS file (or
 *       {@code classpath:NAME}) with the CA certificates key, discovery and introspection requests
 *       trust instead of the JVM's (an issuer with a private CA); default the Keycloak file's
 *       {@code truststore} / {@code truststore-password}</td></tr>
 * </table>
 *
 * <p>Rules are precompiled; every fixed refusal is written from bytes prepared at start-up; the
 * principal is resolved only when asked for.
 *
 * <p>Thread-safe once initialised: one instance serves every request.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750">RFC 6750</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728">RFC 9728</a>
 */
public final class BearerTokenFilter implements Filter {
    /** The request attribute holding the {@link VerifiedToken} of an accepted request. */
    public static final String TOKEN_ATTRIBUTE = "dev.audguard.core.VerifiedToken";
    /** What {@code getAuthType()} answers for an accepted request. */
    public static final String AUTH_TYPE = "BEARER";

    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);

    private final ProtectedResource preset;
    private volatile Engine engine;

    /** A filter configured by its init parameters ({@code web.xml}); see the class description. */
    public BearerTokenFilter() {
        this.preset = null;
    }

    private BearerTokenFilter(ProtectedResource resource) {
        this.preset = resource;
    }

    /** A builder for a filter that checks tokens with {@code validator}. */
    public static Builder builder(TokenValidator validator) {
        return new Builder(validator);
    }

    /** The verified token of a request this filter accepted; empty on unprotected paths and before the filter. */
    public static Optional<VerifiedToken> verifiedToken(ServletRequest request) {
        return request.getAttribute(TOKEN_ATTRIBUTE) instanceof VerifiedToken token ? Optional.of(token) : Optional.empty();
    }

    /**
     * Reads the init parameters (for a filter made by the no-argument constructor) and prepares
     * the rules and answers.
     *
     * @throws ServletException when the configuration is missing, contradictory or unusable; the
     *     message names the parameter, never a secret
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        ProtectedResource resource;
        if (preset != null) {
            if (InitParams.present(config)) {
                throw new ServletException("BearerTokenFilter " + config.getFilterName()
                        + " is configured in code and by init parameters; use one");
            }
            resource = preset;
        } else {
            try {
                resource = InitParams.read(config).frontDoor();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ServletException("BearerTokenFilter " + config.getFilterName() + ": " + e.getMessage());
            }
        }
        engine = new Engine(resource, config.getServletContext().getContextPath());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        Engine e = engine;
        if (e == null) {
            throw new ServletException("BearerTokenFilter was not initialised");
        }
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("BearerTokenFilter handles HTTP requests only");
        }
        String path = request.getPathInfo() == null ? request.getServletPath() : request.getServletPath() + request.getPathInfo();
        if (e.isMetadataRequest(request.getMethod(), path)) {
            ServletAnswerWriter.write(response, e.resource.metadataAnswer().orElseThrow());
            return;
        }
        ResourceRequest plain = ServletRequests.copy(request, path, e.headers);
        Outcome outcome = e.resource.authenticate(plain);
        if (outcome.isRefused()) {
            ServletAnswerWriter.write(response, outcome.refused().answer());
            return;
        }
        // a proxy's certificate header from anyone but a trusted proxy: ignored by the pipeline, hidden from the application
        HttpServletRequest visible = HiddenHeaders.hide(request, e.resource.untrustedHeaders(plain));
        ServletRequest next = visible;
        if (outcome.isAccepted()) {
            Outcome.Accepted accepted = outcome.accepted();
            ServletAnswerWriter.addHeaders(response, accepted.responseHeaders());
            next = new BearerRequest(visible, accepted);
            next.setAttribute(TOKEN_ATTRIBUTE, accepted.token());
        }
        try {
            chain.doFilter(next, response);
        } catch (IOException | ServletException | RuntimeException thrown) {
            Optional<HttpAnswer> answer = e.resource.answerFor(thrown);
            if (answer.isEmpty() || response.isCommitted()) {
                throw thrown;
            }
            ServletAnswerWriter.write(response, answer.get());
        }
    }

    @Override
    public String toString() {
        Engine e = engine;
        return "BearerTokenFilter{" + (e == null ? "not initialised" : e.resource.validator().toString()) + '}';
    }

    /** The front door bound to the application's context path, ready for requests. */
    private static final class Engine {
        final ProtectedResource resource;
        final List<String> headers;
        final String metadataPath;

        Engine(ProtectedResource resource, String contextPath) {
            this.resource = resource;
            this.headers = List.copyOf(resource.requestHeaders());
            ProtectedResourceMetadata metadata = resource.metadata().orElse(null);
            String path = metadata == null ? null : metadata.metadataUrl().getPath();
            String context = contextPath == null ? "" : contextPath;
            if (path != null && !path.startsWith(context + "/")) {
                log.warn("The protected resource metadata URL {} lies outside this application ({}); "
                        + "serve it from the root application or a proxy", metadata.metadataUrl(), context);
                path = null;
            }
            this.metadataPath = path == null ? null : path.substring(context.length());
        }

        boolean isMetadataRequest(String method, String path) {
            return metadataPath != null && ("GET".equals(method) || "HEAD".equals(method)) && metadataPath.equals(path);
        }
    }

    /**
     * Configures a {@link BearerTokenFilter}. Each option can be set once; a URL pattern can have
     * one rule. Defaults: every path needs a valid token under the validator's policy, principal named by
     * {@code sub}, roles from the realm roles, no challenge {@code realm}, no RFC 9728 metadata,
     * {@code Retry-After: 10} on 503. The options every adapter shares (principal claim, roles
     * client, realm, Keycloak file, RFC 9728 metadata, {@code Retry-After}, listener, refusal
     * explanations, introspection) are {@link ProtectedResource.AdapterBuilder}'s; this builder
     * adds the URL-pattern rules and sender binding.
     *
     * <p>Not thread-safe. {@link #build()} can run again.
     */
    public static final class Builder extends ProtectedResource.AdapterBuilder<Builder> {
        private Builder(TokenValidator validator) {
            super(validator);
        }

        /**
         * Leaves paths matching these servlet URL patterns unprotected: the filter does not look
         * at their requests.
         *
         * @throws IllegalArgumentException for an invalid pattern or one that already has a rule
         */
        @Override
        public Builder unprotected(String... patterns) {
            return super.unprotected(patterns);
        }

        /**
         * Requires {@code requirements} on paths matching {@code pattern} ({@code /exact},
         * {@code /prefix/*}, {@code *.ext}, {@code /} or {@code ""}): an audience rule replacing
         * the validator's, and scopes all required on top of the validator's.
         *
         * @throws IllegalArgumentException for an invalid pattern or one that already has a rule
         */
        public Builder require(String pattern, Requirements requirements) {
            return rule(pattern, AccessRule.of(requirements));
        }

        /**
         * Applies {@code rule} to paths matching {@code pattern}: unprotected, permit-all (anonymous
         * requests pass, a token that is sent is checked), a valid token with requirements and
         * roles, or deny-all. The most specific pattern wins.
         *
         * @throws IllegalArgumentException for an invalid pattern or one that already has a rule
         */
        @Override
        public Builder rule(String pattern, AccessRule rule) {
            return super.rule(pattern, rule);
        }

        /**
         * Adds a sender-binding step (DPoP, certificate-bound tokens) to the front door; the filter
         * copies the headers it names and adds the headers it hands accepted requests. For
         * audguard's own modules: the step's type is not API.
         */
        @Override
        public Builder senderBinding(SenderBinding binding) {
            return super.senderBinding(binding);
        }

        /** Builds the filter; it is ready once the container calls {@code init}. */
        public BearerTokenFilter build() {
            return new BearerTokenFilter(frontDoor());
        }

        /** The front door this builder describes. */
        ProtectedResource frontDoor() {
            return buildResource();
        }
    }
}
