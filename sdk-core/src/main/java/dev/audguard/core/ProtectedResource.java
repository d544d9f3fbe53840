package dev.audguard.core;

import dev.audguard.core.internal.pipeline.AccessCheck;
import dev.audguard.core.internal.pipeline.Credential;
import dev.audguard.core.internal.pipeline.Credentials;
import dev.audguard.core.internal.pipeline.ErrorLogThrottle;
import dev.audguard.core.internal.pipeline.RefusalExplainer;
import dev.audguard.core.internal.pipeline.RequestPaths;
import dev.audguard.core.internal.pipeline.SenderBinding;
import dev.audguard.core.internal.pipeline.TokenCheck;
import dev.audguard.core.internal.pipeline.UrlPatterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The front door of a protected resource: one framework-free request pipeline that every HTTP
 * adapter (servlet, Jakarta REST, Spring) hands its requests to as plain strings, so that they
 * cannot drift apart.
 *
 * <pre>{@code
 * ProtectedResource resource = ProtectedResource.builder(validator)
 *         .realm("orders")
 *         .resourceMetadata(URI.create("https://orders.example.com"))
 *         .principalClaim("preferred_username")
 *         .rule("/reports/*", AccessRule.authenticated().withScopes("reports:read"))
 *         .unprotected("/health")
 *         .build();                                  // every fixed answer prepared here, bytes included
 * Outcome outcome = resource.authenticate(ResourceRequest.builder()
 *         .method("GET").path("/reports/7").authorization(authorizationHeader).build());
 * if (outcome.isRefused()) {
 *     HttpAnswer answer = outcome.refused().answer();   // status, headers, body: copy onto the response
 * }
 * }</pre>
 *
 * <p>A request flows through ordered steps:
 * <ol>
 *   <li><b>rule</b>: the {@link AccessRule} the adapter hands in, or the one the path rules select
 *       (servlet URL-pattern semantics: exact, longest {@code /prefix/*}, {@code *.ext}, default);
 *       a path that cannot be matched safely is refused with 400 {@link Reason#INVALID_PATH};
 *       an {@link AccessRule#unprotected()} rule ends here ({@link Outcome.Anonymous});</li>
 *   <li><b>credentials</b>: exactly one {@code Authorization: Bearer} value, never the query
 *       (RFC 6750 section 2.1); none is 401 without {@code error} (or anonymous under
 *       {@link AccessRule#permitAll()}); a malformed one is 400 {@code invalid_request};</li>
 *   <li><b>token check</b>: the validator, with the rule's {@link Requirements}; introspection plugs
 *       in here;</li>
 *   <li><b>sender binding</b>: DPoP or certificate-bound tokens ({@link Builder#senderBinding});</li>
 *   <li><b>authorization</b>: deny-all and roles (403 {@code access_denied});</li>
 *   <li><b>principal</b>: {@link Outcome.Accepted} names the principal and answers role checks.</li>
 * </ol>
 * Any unexpected exception in these steps is answered 500 {@link Reason#INTERNAL_ERROR} with a
 * fixed body (never a stack trace), logged at ERROR with the exception class at most once a minute
 * per class (with the count of those not logged), and reported to the listener apart from
 * {@link Reason#KEYS_UNAVAILABLE}.
 *
 * <p>{@link #answerFor(Throwable)} answers an exception that carries a {@link Refusal} (a failed
 * token exchange) with the same kind of answer, so every adapter answers those alike too.
 *
 * <p>Immutable and thread-safe: build one per application and share it.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750">RFC 6750</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728">RFC 9728</a>
 */
public final class ProtectedResource {
    private static final Logger log = LoggerFactory.getLogger(ProtectedResource.class);
    /** Answers computed on demand (scopes of adapter-supplied rules, exchange failures) are kept up to this many. */
    private static final int MAX_CACHED_ANSWERS = 256;

    private final TokenValidator validator;
    private final TokenCheck tokenCheck;
    private final List<SenderBinding> bindings;
    private final Set<String> schemes;
    private final Set<String> requestHeaders;
    private final UrlPatterns<AccessRule> rules;
    private final AdapterOptions options;
    private final ValidationListener listener;
    private final ErrorLogThrottle errors;
    private final RefusalExplainer explainer;
    private final Map<Reason, Outcome.Refused> byReason = new EnumMap<>(Reason.class);
    private final Outcome.Refused missingToken;
    private final Map<Refusal, HttpAnswer> computed = new ConcurrentHashMap<>();
    private final ProtectedResourceMetadata metadata;
    private final HttpAnswer metadataAnswer;
    private final List<String> bindingChallenges;
    private final SortedSet<String> requiredScopes;

    private ProtectedResource(AdapterBuilder<?> builder, UrlPatterns<AccessRule> rules, SortedSet<String> scopes, AdapterOptions options) {
        this.validator = builder.validator;
        this.tokenCheck = builder.introspector == null ? builder.validator::validate
                : introspecting(builder.validator, builder.introspector, builder.introspectionMode);
        this.bindings = List.copyOf(builder.bindings);
        Set<String> accepted = new LinkedHashSet<>();
        accepted.add(Credential.BEARER);
        Set<String> headers = new LinkedHashSet<>();
        headers.add("Authorization");
        List<String> challenges = new ArrayList<>();
        Map<String, Object> metadataFields = new java.util.TreeMap<>();
        for (SenderBinding binding : bindings) {
            accepted.addAll(binding.schemes());
            headers.addAll(binding.headers());
            binding.challenge().ifPresent(challenges::add);
            metadataFields.putAll(binding.metadataFields());
        }
        this.bindingChallenges = List.copyOf(challenges);
        this.schemes = Set.copyOf(accepted);
        this.requestHeaders = Collections.unmodifiableSet(headers);
        this.rules = rules;
        this.requiredScopes = Collections.unmodifiableSortedSet(scopes);
        this.options = options;
        this.metadata = options.metadata().map(m -> withBindingFields(m, metadataFields)).orElse(null);
        // by default the validator's own listener: the front door reports only what the validator did not
        this.listener = new SafeFrontDoorListener(builder.listener == null ? builder.validator.listener() : builder.listener);
        this.errors = new ErrorLogThrottle(log, builder.clock == null ? Clock.systemUTC() : builder.clock,
                ErrorLogThrottle.DEFAULT_WINDOW);
        Map<String, Optional<AudienceRule>> audiences = builder.validator.audienceRules();
        this.explainer = new RefusalExplainer(log, builder.clock == null ? Clock.systemUTC() : builder.clock,
                RefusalExplainer.DEFAULT_WINDOW, audiences, builder.explainRefusalsAtWarn);
        log.info("audguard policy: issuers and audiences {}; keys from {}; opt-outs: {}", RefusalExplainer.describe(audiences),
                builder.validator.health().stream().map(KeySourceHealth::source).toList(),
                audiences.values().stream().anyMatch(Optional::isEmpty) ? "audience check disabled for some issuer"
                        : builder.explainRefusalsAtWarn ? "none (refusals explained at WARN)" : "none");
        for (Reason reason : Reason.values()) {
            Refusal refusal = Refusal.of(reason);
            byReason.put(reason, new Outcome.Refused(refusal, prepare(refusal)));
        }
        this.missingToken = new Outcome.Refused(Refusal.missingToken(), prepare(Refusal.missingToken()));
        for (AccessRule rule : rules.values()) {
            if (!rule.scopes().isEmpty()) {
                answer(Refusal.insufficientScope(rule.scopes()));
            }
        }
        this.metadataAnswer = metadata == null ? null : HttpAnswer.json(metadata.toJson());
    }

    /** A builder for the front door of a resource whose tokens {@code validator} checks. */
    public static Builder builder(TokenValidator validator) {
        return new Builder(validator);
    }

    /**
     * Runs {@code request} through the pipeline under the rule the path rules select for its
     * {@linkplain ResourceRequest#path() path} ({@link AccessRule#authenticated()} for a request
     * without a path, or a path no rule matches unless a default {@code /} rule is given).
     */
    public Outcome authenticate(ResourceRequest request) {
        String path = request.pathOrNull();
        if (path == null) {
            return authenticate(request, rules.fallback());
        }
        if (!RequestPaths.isSafe(path)) {
            return refuse(Reason.INVALID_PATH);
        }
        return authenticate(request, rules.match(path));
    }

    /**
     * Runs {@code request} through the pipeline under {@code rule}, which the adapter selected
     * itself (Spring's path matching, Jakarta REST annotations). The path rules are not consulted.
     */
    public Outcome authenticate(ResourceRequest request, AccessRule rule) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(rule, "rule");
        if (rule.isUnprotected()) {
            return Outcome.Anonymous.INSTANCE;
        }
        try {
            Credential credential;
            try {
                credential = Credentials.resolve(request.authorization(), request.rawQueryOrNull(), schemes);
            } catch (TokenValidationException malformed) {
                return refuse(malformed.reason());
            }
            if (credential == null) {
                if (rule.access() == AccessRule.Access.PERMIT_ALL) {
                    return Outcome.Anonymous.INSTANCE;
                }
                log.debug("Request without a bearer token refused");
                return missingToken;
            }
            return check(request, credential, rule);
        } catch (RuntimeException unexpected) {
            return internalError(unexpected);
        }
    }

    /**
     * Checks a bearer token the host framework has already taken from the request (Spring
     * Security's {@code BearerTokenResolver}) under {@code rule}: the same token check, refusal
     * explanations and access check as {@link #authenticate(ResourceRequest, AccessRule)}, without
     * reading the {@code Authorization} header again. Sender-constraint steps need the request and
     * are not run: a front door with DPoP or certificate binding refuses to be used this way.
     */
    public Outcome authenticateBearer(String token, AccessRule rule) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(rule, "rule");
        if (!bindings.isEmpty()) {
            throw new IllegalStateException("authenticateBearer cannot check sender constraints; use authenticate(request, rule)");
        }
        if (rule.isUnprotected()) {
            return Outcome.Anonymous.INSTANCE;
        }
        try {
            return check(null, new Credential(Credential.BEARER, token), rule);
        } catch (RuntimeException unexpected) {
            return internalError(unexpected);
        }
    }

    /** A fault in the pipeline: a bug, not the caller's fault nor an outage; logged by class at most once a minute. */
    private Outcome internalError(RuntimeException unexpected) {
        errors.report(unexpected);
        listener.onRejected(Reason.INTERNAL_ERROR);
        return byReason.get(Reason.INTERNAL_ERROR);
    }

    /**
     * The binding steps' metadata fields ({@code dpop_signing_alg_values_supported}, ...) added to
     * {@code metadata}, derived or given whole: a document that omitted them would tell clients this
     * resource does not do what it does. A field the given document names itself keeps its value.
     */
    private static ProtectedResourceMetadata withBindingFields(ProtectedResourceMetadata metadata, Map<String, Object> fields) {
        Map<String, Object> missing = new java.util.TreeMap<>(fields);
        missing.keySet().removeAll(metadata.otherFields().keySet());
        return missing.isEmpty() ? metadata : metadata.withFields(missing);
    }

    /** The token check, the sender bindings (with a request) and the access check of one credential. */
    private Outcome check(ResourceRequest request, Credential credential, AccessRule rule) {
        VerifiedToken token;
        try {
            // a token that is sent is checked even where none is needed: a bad one is refused, never ignored.
            // With a binding step, a bound token (Keycloak types them "DPoP") passes the token check on
            // either scheme: the step refuses a key-bound token sent as Bearer (RFC 9449 section 7.2) and
            // checks the proof of one sent as DPoP. Without a step, only a bearer-typed token passes.
            token = tokenCheck.check(credential.token(),
                    credential.isBearer() && bindings.isEmpty() ? rule.requirements() : rule.senderConstrainedRequirements());
        } catch (TokenValidationException refused) {
            // the validator reported it to its listener already
            log.debug("Request refused: {}", refused.reason().code());
            explainer.explain(refused.reason(), credential.token(), rule.requirements().audience());
            return refused.reason() == Reason.INSUFFICIENT_SCOPE && !refused.requiredScopes().isEmpty()
                    ? refused(Refusal.of(refused)) : byReason.get(refused.reason());
        }
        List<HttpAnswer.Header> responseHeaders = List.of();
        for (SenderBinding binding : bindings) {
            Optional<Refusal> unbound = binding.check(request, credential, token);
            if (unbound.isPresent()) {
                return report(unbound.get());
            }
            List<HttpAnswer.Header> more = binding.acceptedHeaders(request, token);
            if (!more.isEmpty()) {
                List<HttpAnswer.Header> all = new ArrayList<>(responseHeaders);
                all.addAll(more);
                responseHeaders = List.copyOf(all);
            }
        }
        Outcome.Accepted accepted = new Outcome.Accepted(token, options.principalClaim(), options.rolesClient().orElse(null),
                responseHeaders);
        Refusal denied = AccessCheck.check(rule, rule.roles().isEmpty() ? Set.of() : accepted.roles());
        if (denied != null) {
            return report(denied);
        }
        return accepted;
    }

    /** The token check with introspection in the given mode. */
    private static TokenCheck introspecting(TokenValidator validator, TokenIntrospector introspector, IntrospectionMode mode) {
        return (token, requirements) -> {
            int dots = jwsDots(token);
            boolean jws = dots > 0;
            if (jws && dots != 2) {
                throw new TokenValidationException(Reason.MALFORMED);
            }
            switch (mode) {
                case EVERY_TOKEN:
                    return introspector.introspect(token, requirements);
                case JWT_THEN_INTROSPECT:
                    if (jws) {
                        validator.validate(token, requirements);
                    }
                    return introspector.introspect(token, requirements);
                default:
                    return jws ? validator.validate(token, requirements) : introspector.introspect(token, requirements);
            }
        };
    }

    /**
     * How many dots separate {@code token}'s base64url segments when it looks like a compact JWS or
     * JWE; 0 when it does not (no dot, or a character outside base64url): one scan.
     */
    private static int jwsDots(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return 0;
            }
        }
        return dots;
    }

    /** The rule the path rules select for {@code path} (decoded, within the application). */
    public AccessRule ruleFor(String path) {
        return rules.match(Objects.requireNonNull(path, "path"));
    }

    /** The answer for {@code refusal}: prepared at build time for fixed refusals, else computed (and kept) here. */
    public HttpAnswer answer(Refusal refusal) {
        Objects.requireNonNull(refusal, "refusal");
        if (refusal.equals(Refusal.missingToken())) {
            return missingToken.answer();
        }
        Optional<Reason> reason = refusal.reason();
        if (reason.isPresent() && refusal.equals(Refusal.of(reason.get()))) {
            return byReason.get(reason.get()).answer();
        }
        HttpAnswer known = computed.get(refusal);
        if (known != null) {
            return known;
        }
        HttpAnswer answer = prepare(refusal);
        if (computed.size() < MAX_CACHED_ANSWERS) {
            computed.putIfAbsent(refusal, answer);
        }
        return answer;
    }

    /**
     * The answer for an exception thrown while serving an accepted request, when it (or one of its
     * causes) carries a {@link Refusal}: a failed token exchange is 401 {@code invalid_token} when
     * the issuer refused the caller's token, 502 when the exchange is misconfigured or the issuer's
     * answer unusable, 503 with {@code Retry-After} when the issuer is unavailable. Empty for any
     * other exception, which the adapter leaves to its host.
     */
    public Optional<HttpAnswer> answerFor(Throwable thrown) {
        Optional<Refusal> refusal = Refusal.carriedBy(thrown);
        if (refusal.isEmpty()) {
            return Optional.empty();
        }
        log.debug("Request failed in a dependency: {}", refusal.get().code());
        return Optional.of(answer(refusal.get()));
    }

    /** The RFC 9728 metadata this resource publishes, when configured. */
    public Optional<ProtectedResourceMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    /** Builds the answer: the refusal's own further challenges, else on a 401 those of the binding steps. */
    private HttpAnswer prepare(Refusal refusal) {
        List<String> challenges = !refusal.challenges().isEmpty() ? refusal.challenges()
                : refusal.status() == 401 ? bindingChallenges : List.of();
        return HttpAnswer.of(options.challenge().answer(refusal), challenges, refusal.headers());
    }

    /** The metadata document as a 200 {@code application/json} answer, when configured. */
    public Optional<HttpAnswer> metadataAnswer() {
        return Optional.ofNullable(metadataAnswer);
    }

    /**
     * The request headers the pipeline reads, which an adapter copies into
     * {@link ResourceRequest}: {@code Authorization}, and e.g. {@code DPoP} when a sender-binding
     * step needs it.
     */
    public Set<String> requestHeaders() {
        return requestHeaders;
    }

    /**
     * The headers of {@code request} an adapter hides from the application: a trusted proxy's
     * client-certificate header ({@link dev.audguard.core.binding.ClientCertificateHeader}) sent by
     * a peer that is not one of the trusted proxies, or whose address the adapter cannot tell. The
     * pipeline ignored it; an application reading it would take anyone's word for a certificate.
     * From a trusted proxy the header stays visible. Empty for almost every request (and always
     * without such a header configured); names as configured, to be compared ignoring case.
     *
     * @param request the request as the adapter copied it, with its {@linkplain ResourceRequest#remoteAddress() peer address}
     */
    public Set<String> untrustedHeaders(ResourceRequest request) {
        Objects.requireNonNull(request, "request");
        Set<String> hidden = Set.of();
        for (SenderBinding binding : bindings) {
            Set<String> more = binding.untrustedHeaders(request);
            if (!more.isEmpty()) {
                if (hidden.isEmpty()) {
                    hidden = more;
                } else {
                    Set<String> union = new LinkedHashSet<>(hidden);
                    union.addAll(more);
                    hidden = Collections.unmodifiableSet(union);
                }
            }
        }
        return hidden;
    }

    /** Every scope a path rule requires, sorted: what derived metadata lists as {@code scopes_supported}. */
    public Set<String> requiredScopes() {
        return requiredScopes;
    }

    /** The validator behind the token check. */
    public TokenValidator validator() {
        return validator;
    }

    /** The claim naming the principal: {@code sub} unless configured. */
    public String principalClaim() {
        return options.principalClaim();
    }

    /** The client whose roles {@link Outcome.Accepted#roles()} reads, or empty for realm roles. */
    public Optional<String> rolesClient() {
        return options.rolesClient();
    }

    /** The challenge every refusal carries. */
    public BearerChallenge challenge() {
        return options.challenge();
    }

    private Outcome.Refused refuse(Reason reason) {
        log.debug("Request refused: {}", reason.code());
        listener.onRejected(reason);
        return byReason.get(reason);
    }

    private Outcome.Refused report(Refusal refusal) {
        log.debug("Request refused: {}", refusal.code());
        refusal.reason().ifPresent(listener::onRejected);
        return refused(refusal);
    }

    private Outcome.Refused refused(Refusal refusal) {
        return new Outcome.Refused(refusal, answer(refusal));
    }

    @Override
    public String toString() {
        return "ProtectedResource{" + validator + '}';
    }

    /** Shields the pipeline from a listener that throws: logged, the verdict stands. */
    private static final class SafeFrontDoorListener implements ValidationListener {
        private final ValidationListener delegate;

        SafeFrontDoorListener(ValidationListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onRejected(Reason reason) {
            try {
                delegate.onRejected(reason);
            } catch (RuntimeException e) {
                log.warn("A ValidationListener threw {}; the event was dropped", e.getClass().getName());
            }
        }
    }

    /**
     * Configures a {@link ProtectedResource}. Each option can be set once (a second call fails with
     * {@code "<option> is already set"}); a URL pattern can have one rule. Defaults: every path
     * needs a valid token under the validator's policy, principal named by {@code sub}, realm
     * roles, no challenge {@code realm}, no RFC 9728 metadata, {@code Retry-After: 10} on 503, the
     * validator's listener, the system clock (for the error-log throttle). The options every
     * adapter shares are {@link AdapterBuilder}'s; this builder adds URL-pattern rules, sender
     * binding and the clock.
     *
     * <p>Not thread-safe. {@link #build()} can run again.
     */
    public static final class Builder extends AdapterBuilder<Builder> {
        private Builder(TokenValidator validator) {
            super(validator);
        }

        /**
         * Applies {@code rule} to paths matching the servlet URL {@code pattern} ({@code /exact},
         * {@code /prefix/*}, {@code *.ext}, {@code /} for the default, {@code ""} for the root).
         * The most specific pattern wins whatever the order of the calls.
         *
         * @throws IllegalArgumentException for an invalid pattern, or one that already has a rule
         */
        @Override
        public Builder rule(String pattern, AccessRule rule) {
            return super.rule(pattern, rule);
        }

        /** Leaves paths matching these URL patterns alone: {@code rule(pattern, AccessRule.unprotected())} for each. */
        @Override
        public Builder unprotected(String... patterns) {
            return super.unprotected(patterns);
        }

        /** The clock of the error-log throttle and of the refusal explanations (default the system clock). */
        @Override
        public Builder clock(Clock clock) {
            return super.clock(clock);
        }

        /**
         * Adds a sender-binding step (DPoP, certificate-bound tokens), run in the order added after
         * the token check. For audguard's own modules: the step's type lives in an {@code internal}
         * package and is not API.
         */
        @Override
        public Builder senderBinding(SenderBinding binding) {
            return super.senderBinding(binding);
        }

        /** Builds the front door and prepares every fixed answer. */
        public ProtectedResource build() {
            return buildResource();
        }
    }

    /**
     * The front door's options, written once for every HTTP adapter's builder: {@link Builder},
     * the servlet {@code BearerTokenFilter.Builder} and the Jakarta REST
     * {@code BearerTokenFeature.Builder} extend it. The options every host takes are public here;
     * the ones only some hosts take (URL-pattern rules, sender binding, the clock) are protected,
     * and a subclass makes public those its host has (Jakarta REST reads its rules from
     * annotations, so its builder has no URL patterns). The type parameter is the subclass, which
     * every option returns, so a chain keeps the adapter's own methods (the self type of Netty's
     * {@code AbstractBootstrap} or AssertJ's assertions). Each option can be set once (a second
     * call fails with {@code "<option> is already set"}); options set in code win over a
     * {@code keycloak.json}.
     *
     * <p>Not thread-safe. {@link #buildResource()} can run again.
     *
     * @param <B> the subclass
     */
    public abstract static class AdapterBuilder<B extends AdapterBuilder<B>> {
        private final TokenValidator validator;
        private final AdapterOptions.Builder options = AdapterOptions.builder();
        private final UrlPatterns.Builder<AccessRule> rules = UrlPatterns.builder();
        private final List<SenderBinding> bindings = new ArrayList<>();
        private TokenIntrospector introspector;
        private IntrospectionMode introspectionMode;
        private ValidationListener listener;
        private Clock clock;
        private boolean explainRefusalsAtWarn;

        /**
         * A builder whose front door checks tokens with {@code validator}.
         *
         * @throws NullPointerException when {@code validator} is null
         */
        protected AdapterBuilder(TokenValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** The claim naming the principal (default {@code sub}); {@code sub} when a token lacks it. */
        public B principalClaim(String claim) {
            options.principalClaim(claim);
            return self();
        }

        /**
         * Roles ({@code isUserInRole}, {@code @RolesAllowed}, Spring authorities) are read from
         * {@code clientId}'s roles ({@code resource_access}) instead of realm roles.
         */
        public B rolesFromClient(String clientId) {
            options.rolesFromClient(clientId);
            return self();
        }

        /** The {@code realm} attribute of challenges (printable ASCII). */
        public B realm(String realm) {
            options.realm(realm);
            return self();
        }

        /**
         * Takes from a Keycloak adapter file what the validator does not: {@code principal-attribute},
         * {@code use-resource-role-mappings} with {@code resource}, and {@code realm}. Options set
         * on this builder win over the file. Build the validator from the same file with
         * {@link TokenValidator.Builder#keycloak(KeycloakAdapterConfig)}.
         *
         * @throws IllegalArgumentException when the file maps roles from the resource but names none
         */
        public B keycloak(KeycloakAdapterConfig config) {
            options.keycloak(config);
            return self();
        }

        /**
         * Publishes RFC 9728 metadata for {@code resource} (absolute, no fragment): the trusted
         * issuers as {@code authorization_servers}, every scope a rule requires (a path rule, a
         * {@code @RequireScope}) as {@code scopes_supported}, tokens in the header only; and points
         * challenges at it.
         */
        public B resourceMetadata(URI resource) {
            options.resourceMetadata(resource);
            return self();
        }

        /**
         * Publishes the given RFC 9728 metadata and points challenges at it; the sender-binding steps'
         * fields are added where the document does not name them itself.
         */
        public B resourceMetadata(ProtectedResourceMetadata metadata) {
            options.resourceMetadata(metadata);
            return self();
        }

        /** {@code Retry-After} of 503 answers that do not bring their own (default 10 s). */
        public B retryAfter(Duration retryAfter) {
            options.retryAfter(retryAfter);
            return self();
        }

        /**
         * Receives the refusals the front door decides itself ({@code invalid_request},
         * {@code invalid_path}, {@code insufficient_role}, {@code access_denied},
         * {@code internal_error}) through {@link ValidationListener#onRejected(Reason)}. Default:
         * the listener given to the validator's builder; the validator reports its own refusals,
         * and the front door never reports those again.
         */
        public B listener(ValidationListener listener) {
            if (this.listener != null) {
                throw new IllegalStateException("listener is already set");
            }
            this.listener = Objects.requireNonNull(listener, "listener");
            return self();
        }

        /**
         * Logs each refused token's {@code iss}, {@code aud}, {@code azp}, {@code kid}, {@code typ} and
         * {@code exp} beside what the policy expected, with hints for the usual slips, at WARN
         * instead of DEBUG (logger {@code dev.audguard.core.ProtectedResource}); at most one line per
         * reason per second, with the count of those not logged. Never the token or its signature.
         * Default: DEBUG only.
         */
        public B explainRefusalsAtWarn() {
            if (explainRefusalsAtWarn) {
                throw new IllegalStateException("explainRefusalsAtWarn is already set");
            }
            explainRefusalsAtWarn = true;
            return self();
        }

        /**
         * Checks tokens with {@code introspector} (RFC 7662) as {@code mode} says: opaque tokens only,
         * every token (Keycloak lightweight access tokens), or after local JWT validation (revocation).
         * The introspector's own audience rule and the rules' requirements apply to its answers; an
         * outage of the introspection endpoint is answered 503.
         *
         * @throws IllegalStateException when introspection is already set
         */
        public B introspection(TokenIntrospector introspector, IntrospectionMode mode) {
            if (this.introspector != null) {
                throw new IllegalStateException("introspection is already set");
            }
            this.introspector = Objects.requireNonNull(introspector, "introspector");
            this.introspectionMode = Objects.requireNonNull(mode, "mode");
            return self();
        }

        /** See {@link Builder#rule}; for hosts that match servlet URL patterns. */
        protected B rule(String pattern, AccessRule rule) {
            rules.add(pattern, Objects.requireNonNull(rule, "rule"));
            return self();
        }

        /** See {@link Builder#unprotected}. */
        protected B unprotected(String... patterns) {
            for (String pattern : patterns) {
                rule(pattern, AccessRule.unprotected());
            }
            return self();
        }

        /** See {@link Builder#clock}. */
        protected B clock(Clock clock) {
            if (this.clock != null) {
                throw new IllegalStateException("clock is already set");
            }
            this.clock = Objects.requireNonNull(clock, "clock");
            return self();
        }

        /** See {@link Builder#senderBinding}. */
        protected B senderBinding(SenderBinding binding) {
            bindings.add(Objects.requireNonNull(binding, "binding"));
            return self();
        }

        /** Builds the front door these options describe and prepares every fixed answer. */
        protected final ProtectedResource buildResource() {
            UrlPatterns<AccessRule> compiled = rules.build(AccessRule.authenticated());
            SortedSet<String> scopes = new TreeSet<>();
            for (AccessRule rule : compiled.values()) {
                scopes.addAll(rule.scopes());
            }
            AdapterOptions resolved = options.build(validator.issuers(), scopes);
            return new ProtectedResource(this, compiled, scopes, resolved);
        }
    }
}
