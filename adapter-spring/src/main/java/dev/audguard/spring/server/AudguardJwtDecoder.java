package dev.audguard.spring.server;

import dev.audguard.core.AccessRule;
import dev.audguard.core.IntrospectionMode;
import dev.audguard.core.Outcome;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.Reason;
import dev.audguard.core.Refusal;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenIntrospector;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.internal.Expiries;
import dev.audguard.core.internal.Tickers;
import dev.audguard.core.internal.pipeline.ErrorLogThrottle;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Spring Security {@link JwtDecoder} whose every check is sdk-core's front door
 * ({@link ProtectedResource}) over its {@link TokenValidator}: audience enforced fail-closed,
 * several issuers each with its own audiences, refresh-ahead and rate-limited key fetching, outage
 * tolerance, a verified-token cache, RFC 7662 introspection of opaque or lightweight tokens when
 * configured ({@link Builder#introspection}), and the same refusal explanations as every other
 * adapter (logger {@code dev.audguard.core.ProtectedResource}, DEBUG, or WARN with
 * {@link Builder#explainRefusalsAtWarn()}). Everything built on
 * {@code http.oauth2ResourceServer(o -> o.jwt(..))} keeps working: method security,
 * {@code @AuthenticationPrincipal Jwt}, {@code JwtAuthenticationToken}.
 *
 * <pre>{@code
 * JwtDecoder decoder = AudguardJwtDecoder.builder(validator)
 *     .requirements(PathRules.builder()
 *         .require("/reports/**", Requirements.audience(AudienceRule.anyOf("reports-api")))
 *         .build())
 *     .principalClaim("preferred_username")
 *     .build();
 * }</pre>
 *
 * <p>{@link #decode(String)} returns a {@link VerifiedJwt}, or throws an
 * {@link AudguardJwtException} carrying the sdk-core {@link Reason}: the validator's own refusal as
 * it was thrown, and, for an unexpected exception (a bug in a requirement supplier, say),
 * {@link Reason#INTERNAL_ERROR}, answered 500 {@code server_error} with a fixed body. The auto-configuration
 * provides one from the properties. A {@code JwtDecoder} bean of your own must be one of these
 * (built here, with your Spring validators added through {@link Builder#jwtValidator}); any other
 * decoder fails the start unless {@code audguard.allow-unchecked-jwt-decoder=true}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AudguardJwtDecoder implements JwtDecoder {
    private static final Logger log = LoggerFactory.getLogger(AudguardJwtDecoder.class);

    /** As many Spring views as the validator keeps verdicts by default. */
    static final int VIEW_CACHE_SIZE = 10_000;

    private final TokenValidator validator;
    private final ProtectedResource resource;
    private final Supplier<Requirements> requirements;
    private final String principalClaim;
    private final OAuth2TokenValidator<Jwt> jwtValidator;
    private final ErrorLogThrottle errors;

    /**
     * The Spring view of each verified token, made once. A verdict-cache hit returns the very
     * {@link VerifiedToken} of the first request, and building its {@code Jwt} (two copies of every
     * claim) was most of what a hit cost this decoder. Keys are compared by identity
     * ({@code VerifiedToken} keeps {@code Object}'s equality), so a token verified again (after a
     * key rotation, say) gets a new view; an entry lives until its token's {@code exp}, as the
     * verdict does. Only a token the front door has just accepted under this request's rule is
     * looked up: the view answers nothing about access. {@code null} when neither the validator
     * nor an introspector keeps verdicts: every token is then a new {@code VerifiedToken}, and a
     * view kept for it would never be asked for again.
     */
    private final Cache<VerifiedToken, VerifiedJwt> views;
    private final Function<VerifiedToken, VerifiedJwt> newView;

    private AudguardJwtDecoder(Builder builder) {
        this.jwtValidator = builder.jwtValidator;
        this.validator = builder.validator;
        this.requirements = builder.requirements;
        this.principalClaim = builder.principalClaim != null ? builder.principalClaim : "sub";
        Clock clock = builder.clock != null ? builder.clock : Clock.systemUTC();
        this.errors = new ErrorLogThrottle(log, clock, ErrorLogThrottle.DEFAULT_WINDOW);
        // the introspector keeps its answers (the same VerifiedToken per token) while they live
        this.views = !validator.cachesVerdicts() && builder.introspector == null ? null : Caffeine.newBuilder()
                .maximumSize(VIEW_CACHE_SIZE)
                .ticker(Tickers.of(clock))
                .executor(Runnable::run)
                .expireAfter(Expiries.<VerifiedToken, VerifiedJwt>untilDeadline(clock,
                        jwt -> jwt.verifiedToken().expiresAt().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE)))
                .build();
        this.newView = verified -> VerifiedJwt.of(verified, principalClaim);
        // the one front door every adapter uses: its token check (introspection included) and its
        // refusal explanations; Spring keeps its own answers, entry point and authorization
        ProtectedResource.Builder front = ProtectedResource.builder(validator).clock(clock);
        if (builder.explainRefusalsAtWarn) {
            front.explainRefusalsAtWarn();
        }
        if (builder.introspector != null) {
            front.introspection(builder.introspector, builder.introspectionMode);
        }
        this.resource = front.build();
    }

    /** A builder for a decoder checking tokens with {@code validator}. */
    public static Builder builder(TokenValidator validator) {
        return new Builder(validator);
    }

    /**
     * Validates {@code token} with the requirements of the current request.
     *
     * @throws AudguardJwtException when the token is refused or cannot be checked
     */
    @Override
    public Jwt decode(String token) throws JwtException {
        AccessRule rule;
        try {
            rule = requirements == null ? AccessRule.authenticated() : AccessRule.of(requirements.get());
        } catch (RuntimeException unexpected) {
            // a fault in the application's requirements is a bug, not the caller's fault nor an outage:
            // sdk-core's 500 internal_error answer, logged by class at most once a minute
            errors.report(unexpected);
            throw new AudguardJwtException(new TokenValidationException(Reason.INTERNAL_ERROR, unexpected));
        }
        Outcome outcome = resource.authenticateBearer(token, rule);
        if (!(outcome instanceof Outcome.Accepted accepted)) {
            throw new AudguardJwtException(failure(outcome));
        }
        VerifiedToken verified = accepted.token();
        VerifiedJwt jwt;
        try {
            jwt = views == null ? newView.apply(verified) : views.get(verified, newView);
        } catch (IllegalArgumentException notRepresentable) {
            // Spring's Jwt requires exp after iat; such a token is not one we can hand on
            throw new AudguardJwtException(new TokenValidationException(Reason.INVALID_CLAIM));
        }
        if (jwtValidator != null && jwtValidator.validate(jwt).hasErrors()) {
            // the validator's error text may quote the token's claims: answered with fixed wording
            log.debug("Token refused by the application's JWT validator");
            throw new AudguardJwtException(new TokenValidationException(Reason.INVALID_CLAIM));
        }
        return jwt;
    }

    /** The sdk-core failure for a refused outcome (the front door's unexpected faults are internal_error, logged there). */
    private static TokenValidationException failure(Outcome outcome) {
        if (outcome instanceof Outcome.Refused refused) {
            Refusal refusal = refused.refusal();
            Reason reason = refusal.reason().orElse(Reason.INTERNAL_ERROR);
            if (reason == Reason.INSUFFICIENT_SCOPE && !refusal.requiredScopes().isEmpty()) {
                return TokenValidationException.insufficientScope(refusal.requiredScopes());
            }
            return new TokenValidationException(reason);
        }
        // no token (the resolver found one) or anonymous (the rule is never permitAll): not a verified token
        return new TokenValidationException(Reason.MALFORMED);
    }

    /** The validator behind this decoder. */
    public TokenValidator validator() {
        return validator;
    }

    /** How many Spring views this decoder holds now; for tests. */
    long keptViews() {
        if (views == null) {
            return 0;
        }
        views.cleanUp();
        return views.estimatedSize();
    }

    @Override
    public String toString() {
        return "AudguardJwtDecoder{" + validator + '}';
    }

    /**
     * Configures an {@link AudguardJwtDecoder}. Defaults: no per-request requirements, principal
     * claim {@code sub}, no introspection, refusals explained at DEBUG, the system clock. Each
     * option can be set once. Not thread-safe.
     */
    public static final class Builder {
        private final TokenValidator validator;
        private Supplier<Requirements> requirements;
        private String principalClaim;
        private OAuth2TokenValidator<Jwt> jwtValidator;
        private boolean explainRefusalsAtWarn;
        private Clock clock;
        private TokenIntrospector introspector;
        private IntrospectionMode introspectionMode;

        private Builder(TokenValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
        }

        /** Requirements for the token being decoded now, usually a {@link PathRules}. */
        public Builder requirements(Supplier<Requirements> requirements) {
            if (this.requirements != null) {
                throw new IllegalStateException("requirements was already set");
            }
            this.requirements = Objects.requireNonNull(requirements, "requirements");
            return this;
        }

        /** The claim naming the principal ({@link VerifiedJwt#getName()}); default {@code sub}. */
        public Builder principalClaim(String claim) {
            if (this.principalClaim != null) {
                throw new IllegalStateException("principalClaim was already set");
            }
            if (Objects.requireNonNull(claim, "claim").isBlank()) {
                throw new IllegalArgumentException("principalClaim must not be blank");
            }
            this.principalClaim = claim;
            return this;
        }

        /**
         * A Spring validator run on each token after sdk-core accepted it, for checks you had on a
         * decoder of your own ({@code NimbusJwtDecoder.setJwtValidator}); a token it refuses is
         * answered 401 {@code invalid_claim} with fixed wording. It adds checks, never removes one.
         */
        public Builder jwtValidator(OAuth2TokenValidator<Jwt> validator) {
            if (this.jwtValidator != null) {
                throw new IllegalStateException("jwtValidator was already set");
            }
            this.jwtValidator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /**
         * Logs each refused token's {@code iss}, {@code aud}, {@code azp}, {@code kid}, {@code typ} and
         * {@code exp} beside what the policy expected, with hints for the usual slips, at WARN instead
         * of DEBUG (logger {@code dev.audguard.core.ProtectedResource}); at most one line per reason
         * per second, with the count of those not logged; never the token. Property
         * {@code audguard.explain-refusals=true}.
         */
        public Builder explainRefusalsAtWarn() {
            if (explainRefusalsAtWarn) {
                throw new IllegalStateException("explainRefusalsAtWarn was already set");
            }
            explainRefusalsAtWarn = true;
            return this;
        }

        /** The clock of the refusal explanations' rate limit and of the error-log throttle (default the system clock). */
        public Builder clock(Clock clock) {
            if (this.clock != null) {
                throw new IllegalStateException("clock was already set");
            }
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks tokens by RFC 7662 introspection as {@code mode} says (opaque tokens only, every
         * token, or after local JWT validation), under the introspector's audience rule and the
         * request's requirements. An unreachable endpoint is 503, never 401 and never acceptance.
         */
        public Builder introspection(TokenIntrospector introspector, IntrospectionMode mode) {
            if (this.introspector != null) {
                throw new IllegalStateException("introspection was already set");
            }
            this.introspector = Objects.requireNonNull(introspector, "introspector");
            this.introspectionMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Builds the decoder. */
        public AudguardJwtDecoder build() {
            return new AudguardJwtDecoder(this);
        }
    }
}
