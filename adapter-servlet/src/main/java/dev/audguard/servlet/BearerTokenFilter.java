package dev.audguard.servlet;

import dev.audguard.core.AdapterOptions;
import dev.audguard.core.BearerChallenge;
import dev.audguard.core.BearerPrincipal;
import dev.audguard.core.BearerTokens;
import dev.audguard.core.KeycloakAdapterConfig;
import dev.audguard.core.ProtectedResourceMetadata;
import dev.audguard.core.Reason;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.servlet.internal.Answers;
import dev.audguard.servlet.internal.InitParams;
import dev.audguard.servlet.internal.PathRules;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
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
 *         .require("/reports/*", Requirements.audience(AudienceRule.anyOf("reports-api")))
 *         .build();
 * servletContext.addFilter("audguard", filter).addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>Per request:
 * <ul>
 *   <li>The token comes from exactly one {@code Authorization: Bearer} header, parsed strictly by
 *       {@link BearerTokens} (RFC 6750 section 2.1); a token in the query string, several headers or
 *       a malformed header is 400 {@code invalid_request}.</li>
 *   <li>The path within the application (the container's decoded, normalized servlet path and
 *       path info) selects a rule as the container maps URL patterns: exact, then the longest
 *       {@code /prefix/*}, then {@code *.ext}, then {@code /}; unmatched paths are protected by the
 *       validator's policy. A rule leaves the path unprotected (the filter does not look at it) or
 *       passes its {@link Requirements} (an audience rule replacing the configured one, scopes
 *       required all together) to {@link TokenValidator#validate(String, Requirements)}.</li>
 *   <li>Refusals are sdk-core's {@link dev.audguard.core.BearerErrorResponse}s: 401 with
 *       {@code WWW-Authenticate: Bearer realm="...", error="invalid_token", error_description="..."},
 *       401 without {@code error} when no token was sent, 400 {@code invalid_request}, 403
 *       {@code insufficient_scope} with {@code scope}, 503 with {@code Retry-After} when the
 *       issuer's keys cannot be had; a JSON body {@code {"error":..,"error_description":..}};
 *       {@code Cache-Control: no-store}. Fixed wording: never the token, a stack trace or an
 *       exception class.</li>
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
 * </table>
 *
 * <p>Per request the filter itself allocates the request wrapper and, when there is an
 * {@code Authorization} header, a one-element list for {@link BearerTokens}; the principal only
 * when asked for. Rules are precompiled; refusals other than {@code insufficient_scope} are
 * written from bytes prepared at start-up.
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

    private final Settings preset;
    private volatile Engine engine;

    /** A filter configured by its init parameters ({@code web.xml}); see the class description. */
    public BearerTokenFilter() {
        this.preset = null;
    }

    private BearerTokenFilter(Settings settings) {
        this.preset = settings;
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
        Settings settings;
        if (preset != null) {
            if (InitParams.present(config)) {
                throw new ServletException("BearerTokenFilter " + config.getFilterName()
                        + " is configured in code and by init parameters; use one");
            }
            settings = preset;
        } else {
            try {
                settings = InitParams.read(config).settings();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ServletException("BearerTokenFilter " + config.getFilterName() + ": " + e.getMessage());
            }
        }
        engine = new Engine(settings, config.getServletContext().getContextPath());
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
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if (e.isMetadataRequest(request.getMethod(), servletPath, pathInfo)) {
            e.serveMetadata(response);
            return;
        }
        PathRules.Rule rule = e.rules.match(servletPath, pathInfo);
        if (rule.unprotected()) {
            chain.doFilter(request, response);
            return;
        }
        VerifiedToken token;
        try {
            Optional<String> raw = BearerTokens.resolve(authorizationHeaders(request), request.getQueryString());
            if (raw.isEmpty()) {
                log.debug("Request without a bearer token refused");
                e.answers.missingToken(response);
                return;
            }
            token = e.validator.validate(raw.get(), rule.requirements());
        } catch (TokenValidationException refused) {
            log.debug("Request refused: {}", refused.reason().code());
            e.answers.failure(response, refused);
            return;
        } catch (RuntimeException unexpected) {
            // a fault in validation is not the caller's: answer as for keys we cannot check with,
            // never with the container's error page (which may show a stack trace)
            log.warn("Token validation failed unexpectedly ({})", unexpected.getClass().getName());
            e.answers.failure(response, new TokenValidationException(Reason.KEYS_UNAVAILABLE, unexpected));
            return;
        }
        BearerRequest wrapped = new BearerRequest(request, token, e.principalClaim, e.rolesClient);
        wrapped.setAttribute(TOKEN_ATTRIBUTE, token);
        chain.doFilter(wrapped, response);
    }

    /** Every {@code Authorization} value, up to two: two already make the request invalid. */
    private static Collection<String> authorizationHeaders(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders("Authorization");
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        return values.hasMoreElements() ? List.of(first, values.nextElement()) : List.of(first);
    }

    @Override
    public String toString() {
        Engine e = engine;
        return "BearerTokenFilter{" + (e == null ? "not initialised" : e.validator.toString()) + '}';
    }

    /** What a filter was configured with; the same whether from code or from init parameters. */
    record Settings(TokenValidator validator, PathRules rules, String principalClaim, String rolesClient,
                    BearerChallenge challenge, ProtectedResourceMetadata metadata) {
    }

    /** The settings bound to the application's context path, ready for requests. */
    private static final class Engine {
        final TokenValidator validator;
        final PathRules rules;
        final Answers answers;
        final String principalClaim;
        final String rolesClient;
        final String metadataPath;
        final byte[] metadataJson;

        Engine(Settings settings, String contextPath) {
            this.validator = settings.validator();
            this.rules = settings.rules();
            this.answers = new Answers(settings.challenge());
            this.principalClaim = settings.principalClaim();
            this.rolesClient = settings.rolesClient();
            ProtectedResourceMetadata metadata = settings.metadata();
            if (metadata == null) {
                this.metadataPath = null;
                this.metadataJson = null;
            } else {
                String path = metadata.metadataUrl().getPath();
                String context = contextPath == null ? "" : contextPath;
                if (path.startsWith(context + "/")) {
                    this.metadataPath = path.substring(context.length());
                } else {
                    log.warn("The protected resource metadata URL {} lies outside this application ({}); "
                            + "serve it from the root application or a proxy", metadata.metadataUrl(), context);
                    this.metadataPath = null;
                }
                this.metadataJson = metadata.toJson().getBytes(StandardCharsets.UTF_8);
            }
        }

        boolean isMetadataRequest(String method, String servletPath, String pathInfo) {
            if (metadataPath == null || !("GET".equals(method) || "HEAD".equals(method))) {
                return false;
            }
            String a = servletPath == null ? "" : servletPath;
            String b = pathInfo == null ? "" : pathInfo;
            return a.length() + b.length() == metadataPath.length() && metadataPath.startsWith(a)
                    && metadataPath.startsWith(b, a.length());
        }

        void serveMetadata(HttpServletResponse response) throws IOException {
            response.setStatus(200);
            response.setContentType("application/json");
            response.setContentLength(metadataJson.length);
            response.getOutputStream().write(metadataJson);
        }
    }

    /**
     * Configures a {@link BearerTokenFilter}. Each option can be set once; a URL pattern can have
     * one rule. Defaults: every path protected by the validator's policy, principal named by
     * {@code sub}, roles from the realm roles, no challenge {@code realm}, no RFC 9728 metadata,
     * {@code Retry-After: 10} on 503.
     *
     * <p>Not thread-safe. {@link #build()} can run again.
     */
    public static final class Builder {
        private final TokenValidator validator;
        private final PathRules.Builder rules = PathRules.builder();
        private final AdapterOptions.Builder options = AdapterOptions.builder();

        private Builder(TokenValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
        }

        /**
         * Leaves paths matching these servlet URL patterns unprotected: the filter does not look
         * at their requests.
         *
         * @throws IllegalArgumentException for an invalid pattern or one that already has a rule
         */
        public Builder unprotected(String... patterns) {
            for (String pattern : patterns) {
                rules.add(pattern, null);
            }
            return this;
        }

        /**
         * Requires {@code requirements} on paths matching {@code pattern} ({@code /exact},
         * {@code /prefix/*}, {@code *.ext}, {@code /} or {@code ""}): an audience rule replacing
         * the validator's, and scopes all required on top of the validator's.
         *
         * @throws IllegalArgumentException for an invalid pattern or one that already has a rule
         */
        public Builder require(String pattern, Requirements requirements) {
            rules.add(pattern, Objects.requireNonNull(requirements, "requirements"));
            return this;
        }

        /** The claim naming the principal (default {@code sub}); {@code sub} when a token lacks it. */
        public Builder principalClaim(String claim) {
            options.principalClaim(claim);
            return this;
        }

        /** {@code isUserInRole} answers from {@code clientId}'s roles ({@code resource_access}) instead of realm roles. */
        public Builder rolesFromClient(String clientId) {
            options.rolesFromClient(clientId);
            return this;
        }

        /** The {@code realm} attribute of challenges (printable ASCII). */
        public Builder realm(String realm) {
            options.realm(realm);
            return this;
        }

        /**
         * Takes from a Keycloak adapter file what the validator does not: {@code principal-attribute},
         * {@code use-resource-role-mappings} with {@code resource}, and {@code realm}. Options set on
         * this builder win over the file. Build the validator from the same file with
         * {@link TokenValidator.Builder#keycloak(KeycloakAdapterConfig)}.
         *
         * @throws IllegalArgumentException when the file maps roles from the resource but names none
         */
        public Builder keycloak(KeycloakAdapterConfig config) {
            options.keycloak(config);
            return this;
        }

        /**
         * Publishes RFC 9728 metadata for {@code resource} (absolute, no fragment): the trusted
         * issuers as {@code authorization_servers}, every scope a rule requires as
         * {@code scopes_supported}, tokens in the header only; and points challenges at it.
         */
        public Builder resourceMetadata(URI resource) {
            options.resourceMetadata(resource);
            return this;
        }

        /** Publishes the given RFC 9728 metadata and points challenges at it. */
        public Builder resourceMetadata(ProtectedResourceMetadata metadata) {
            options.resourceMetadata(metadata);
            return this;
        }

        /** {@code Retry-After} of 503 answers (default 10 s). */
        public Builder retryAfter(Duration retryAfter) {
            options.retryAfter(retryAfter);
            return this;
        }

        /** Builds the filter; it is ready once the container calls {@code init}. */
        public BearerTokenFilter build() {
            return new BearerTokenFilter(settings());
        }

        Settings settings() {
            PathRules compiled = rules.build();
            AdapterOptions resolved = options.build(validator.issuers(), compiled.requiredScopes());
            return new Settings(validator, compiled, resolved.principalClaim(), resolved.rolesClient().orElse(null),
                    resolved.challenge(), resolved.metadata().orElse(null));
        }


    }
}
