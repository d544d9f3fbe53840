package dev.audguard.jaxrs;

import dev.audguard.core.BearerPrincipal;
import dev.audguard.core.KeycloakAdapterConfig;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.ProtectedResourceMetadata;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.internal.InsecureHttpOptIn;
import dev.audguard.core.internal.pipeline.SenderBinding;
import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.SubjectTokenSource;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The Jakarta REST server adapter in one {@link Feature}: a resource method is reached only with an
 * access token minted for this service. Register it once per application.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder()
 *         .issuer("https://idp.example.com/realms/demo")
 *         .audience("orders-api")
 *         .build();
 * ResourceConfig app = new ResourceConfig(Orders.class)
 *         .register(BearerTokenFeature.builder(validator).build());
 * }</pre>
 *
 * <p>Per request:
 * <ul>
 *   <li>Every resource method needs a valid token unless annotated otherwise; each method's rule
 *       is read once, at start-up (a {@link jakarta.ws.rs.container.DynamicFeature} binds an
 *       authentication filter at {@link Priorities#AUTHENTICATION} to each method). Method
 *       annotations win over the class's: {@code @DenyAll}, then {@code @RolesAllowed}, then
 *       {@code @PermitAll}; {@link RequireAudience} replaces the validator's audience rule,
 *       {@link RequireScope} adds scopes. Annotations are read across the resource's whole
 *       hierarchy (implementation, the interface and superclass methods it overrides, and their
 *       types), identically on Jersey and RESTEasy: within one type the method beats the type; an
 *       annotation in one place only is honoured wherever it is; two places that disagree stop
 *       the application, naming the method. A request that somehow reaches a method the framework
 *       never showed at start-up gets its rule then, and is refused when the method is unknown or
 *       its rules contradict each other.</li>
 *   <li>The token comes from exactly one {@code Authorization: Bearer} header, parsed strictly by
 *       the front door (RFC 6750 section 2.1); a token in the query string, two headers or a
 *       malformed header is 400 {@code invalid_request}.</li>
 *   <li>Refusals are the answers of sdk-core's front door ({@link ProtectedResource}), as the
 *       servlet adapter answers: 401 without {@code error} when no token was sent, 401
 *       {@code invalid_token}, 403 {@code insufficient_scope} with {@code scope} for
 *       {@link RequireScope}, 403 {@code access_denied} for a role the token lacks or
 *       {@code @DenyAll}, 503 with {@code Retry-After} when the issuer's keys cannot be had, 500
 *       {@code server_error} for an unexpected fault; {@code Cache-Control: no-store}, a JSON
 *       body, fixed wording, never the token. The feature translates: it parses no
 *       {@code Authorization} value and writes no challenge or body itself.</li>
 *   <li>{@code @PermitAll} methods take requests without a token; a token that is sent must still
 *       be valid (and meet the method's {@link RequireAudience}/{@link RequireScope}): a bad token
 *       is refused, never silently ignored, as Spring Security does.</li>
 *   <li>An accepted request's {@link SecurityContext} is replaced by a {@link BearerSecurityContext}
 *       (principal from the configured claim, default {@code sub}; roles from the realm or one
 *       client; scheme {@value #AUTHENTICATION_SCHEME}; {@code isSecure} as the request was), and
 *       the {@link VerifiedToken} is the request property {@value #TOKEN_PROPERTY}: read it with
 *       {@link #verifiedToken(SecurityContext)} in a resource or
 *       {@link #verifiedToken(ContainerRequestContext)} in a filter.</li>
 *   <li>While a synchronous resource method runs, its token is the current subject of
 *       {@link #subjectTokenSource()}, for {@link ExchangingClientFilter}; the binding ends with the
 *       response and is cleared when the thread's next request enters.</li>
 *   <li>With {@link Builder#resourceMetadata(URI)}, RFC 9728 metadata is served (no token needed)
 *       at the metadata URL's path and every challenge names it.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; its filters hold no per-request state.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750">RFC 6750</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728">RFC 9728</a>
 */
public final class BearerTokenFeature implements Feature {
    /** The request property holding the {@link VerifiedToken} of an accepted request (the servlet adapter's attribute name). */
    public static final String TOKEN_PROPERTY = "dev.audguard.core.VerifiedToken";
    /** What {@link SecurityContext#getAuthenticationScheme()} answers for an accepted request. */
    public static final String AUTHENTICATION_SCHEME = "BEARER";

    private final Engine engine;

    /** Injected by the runtime before {@link #configure}: where the resource classes are listed. */
    @Context
    private Application application;

    private BearerTokenFeature(Engine engine) {
        this.engine = engine;
    }

    /** A builder for a feature that validates tokens with {@code validator}. */
    public static Builder builder(TokenValidator validator) {
        return new Builder(validator);
    }

    /**
     * A feature configured by a Keycloak adapter file alone: the validator (issuer, audience from
     * {@code resource}, keys and cache settings) and the principal attribute, resource role
     * mappings and realm. See {@link KeycloakAdapterConfig} for what is read.
     *
     * @throws IllegalArgumentException when the file cannot be read or is not usable, names no
     *     {@code resource} or turns the audience check off (that takes code), or points at plain
     *     http on a host that is not loopback (see {@link #keycloakAllowingInsecureHttp(Path)});
     *     the message names the file's field and the fix
     */
    public static BearerTokenFeature keycloak(Path keycloakJson) {
        return fromKeycloakFile(keycloakJson, false);
    }

    /**
     * As {@link #keycloak(Path)}, and keys may be fetched over plain HTTP from an
     * {@code auth-server-url} that is not loopback (a Keycloak inside the cluster on
     * {@code http://keycloak:8080}): only on a network you trust. The file must say
     * {@code "ssl-required": "none"} as well; either alone refuses to start. Logged at WARN at
     * start-up, naming this method and the issuer. (A feature built over your own validator takes
     * {@link TokenValidator.Builder#allowInsecureHttp()} instead.)
     *
     * @throws IllegalArgumentException when the file cannot be read, is not usable, or does not say
     *     {@code "ssl-required": "none"}
     */
    public static BearerTokenFeature keycloakAllowingInsecureHttp(Path keycloakJson) {
        return fromKeycloakFile(keycloakJson, true);
    }

    private static BearerTokenFeature fromKeycloakFile(Path keycloakJson, boolean insecure) {
        KeycloakAdapterConfig config = KeycloakAdapterConfig.load(keycloakJson);
        String option = insecure ? "BearerTokenFeature.keycloakAllowingInsecureHttp(path)" : null;
        boolean allow = InsecureHttpOptIn.check(
                insecure ? option : "BearerTokenFeature.keycloakAllowingInsecureHttp(path) (instead of keycloak(path))",
                insecure, Optional.of(config), config.issuer(), keycloakJson + ": \"auth-server-url\"",
                Optional.empty(), "jwks-uri");
        if (config.resource().isEmpty() || !config.verifyTokenAudience().orElse(true)) {
            throw new IllegalArgumentException(keycloakJson + ": no audience: the file " + (config.resource().isEmpty()
                    ? "has no \"resource\"" : "sets \"verify-token-audience\": false, which audguard does not honour")
                    + ", so a token minted for any other service would be accepted. Fix: set \"resource\" to this "
                    + "service's client id (with \"verify-token-audience\" true or absent), or build the validator in "
                    + "code with TokenValidator.builder().keycloak(config).audience(...) and use builder(validator)");
        }
        TokenValidator.Builder validator = TokenValidator.builder().keycloak(config);
        if (allow) {
            validator.allowInsecureHttp();
        }
        return builder(validator.build()).keycloak(config).build();
    }

    /**
     * The token of the request the calling thread is serving, while a synchronous resource method
     * of this application runs: the subject {@link ExchangingClientFilter} exchanges. Empty
     * elsewhere (other threads, {@code @Suspended} or {@code CompletionStage} methods, anonymous
     * requests): pass the subject explicitly there ({@link ExchangingClientFilter#SUBJECT_PROPERTY}).
     */
    public SubjectTokenSource subjectTokenSource() {
        return engine.tokens;
    }

    /** The verified token of an accepted request, for filters that run after authentication. */
    public static Optional<VerifiedToken> verifiedToken(ContainerRequestContext request) {
        return request.getProperty(TOKEN_PROPERTY) instanceof VerifiedToken token ? Optional.of(token) : Optional.empty();
    }

    /**
     * The verified token behind an injected {@code @Context SecurityContext}: empty for an
     * anonymous request (a {@code @PermitAll} method called without a token). Works through the
     * framework's proxy of the context as long as the principal exists (always, unless the
     * validator allows tokens without {@code sub}).
     */
    public static Optional<VerifiedToken> verifiedToken(SecurityContext security) {
        if (security instanceof BearerSecurityContext bearer) {
            return Optional.of(bearer.token());
        }
        if (security != null && security.getUserPrincipal() instanceof BearerPrincipal principal) {
            return Optional.of(principal.token());
        }
        return Optional.empty();
    }

    /** Registers the filters in a server runtime; does nothing in a client. */
    @Override
    public boolean configure(FeatureContext context) {
        if (context.getConfiguration().getRuntimeType() != RuntimeType.SERVER) {
            return false;
        }
        Set<Class<?>> classes = applicationClasses();
        // every rule is read now, locators' sub-resources included: a contradiction stops the application here
        engine.readRules(classes);
        context.register(new EntryFilter(engine), Priorities.AUTHENTICATION);
        context.register(new PolicyFeature(engine, classes));
        context.register(new MethodGuard(engine), Priorities.AUTHENTICATION + 1);
        context.register(new ReleaseFilter(engine.tokens), Priorities.AUTHENTICATION);
        context.register(new ExchangeFailureMapper(engine.resource));
        context.register(new ExchangeFailureMapper.Direct(engine.resource));
        return true;
    }

    @SuppressWarnings("deprecation") // getSingletons: the one portable way an application hands over instances
    private Set<Class<?>> applicationClasses() {
        Application app = application;
        if (app == null) {
            return Set.of();
        }
        Set<Class<?>> classes = new HashSet<>(app.getClasses());
        app.getSingletons().forEach(singleton -> classes.add(singleton.getClass()));
        return classes;
    }

    @Override
    public String toString() {
        return "BearerTokenFeature{" + engine.resource.validator() + '}';
    }

    /**
     * Configures a {@link BearerTokenFeature}. Each option can be set once. Defaults: principal
     * named by {@code sub}, roles from the realm roles, no challenge {@code realm}, no RFC 9728
     * metadata, {@code Retry-After: 10} on 503. Its options are the ones every adapter shares,
     * {@link ProtectedResource.AdapterBuilder}'s; the rules come from the resources' annotations.
     *
     * <p>Not thread-safe. {@link #build()} can run again.
     */
    public static final class Builder extends ProtectedResource.AdapterBuilder<Builder> {
        private boolean metadataGiven;

        private Builder(TokenValidator validator) {
            super(validator);
        }

        /**
         * {@inheritDoc} Given whole, its {@code scopes_supported} is kept; otherwise it is filled
         * from the {@link RequireScope}s when the application is configured.
         */
        @Override
        public Builder resourceMetadata(ProtectedResourceMetadata metadata) {
            super.resourceMetadata(metadata);
            metadataGiven = true;
            return this;
        }

        /**
         * Adds a sender-binding step (DPoP, certificate-bound tokens) to the front door; the filters
         * copy the headers it names. For audguard's own modules: the step's type is not API.
         * Jakarta REST has no portable peer address or client certificate, so a trusted proxy's
         * certificate header ({@link dev.audguard.core.binding.ClientCertificateHeader}) is never
         * honoured here: it is removed from every request before matching, and a certificate-bound
         * token is refused.
         */
        @Override
        public Builder senderBinding(SenderBinding binding) {
            return super.senderBinding(binding);
        }

        /** The feature; register it with the application. */
        public BearerTokenFeature build() {
            // scopes_supported of derived metadata is filled from @RequireScope when the application is configured
            return new BearerTokenFeature(new Engine(buildResource(), !metadataGiven));
        }
    }
}
