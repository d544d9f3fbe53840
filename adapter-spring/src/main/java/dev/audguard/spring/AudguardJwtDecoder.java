package dev.audguard.spring;

import dev.audguard.core.Reason;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.internal.pipeline.ErrorLogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A Spring Security {@link JwtDecoder} whose every check is sdk-core's {@link TokenValidator}:
 * audience enforced fail-closed, several issuers each with its own audiences, refresh-ahead and
 * rate-limited key fetching, outage tolerance, a verified-token cache. Everything built on
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

    private final TokenValidator validator;
    private final Supplier<Requirements> requirements;
    private final String principalClaim;
    private final OAuth2TokenValidator<Jwt> jwtValidator;
    private final ErrorLogThrottle errors = new ErrorLogThrottle(log, Clock.systemUTC(), ErrorLogThrottle.DEFAULT_WINDOW);

    private AudguardJwtDecoder(Builder builder) {
        this.jwtValidator = builder.jwtValidator;
        this.validator = builder.validator;
        this.requirements = builder.requirements != null ? builder.requirements : Requirements::none;
        this.principalClaim = builder.principalClaim != null ? builder.principalClaim : "sub";
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
        VerifiedToken verified;
        try {
            verified = validator.validate(token, requirements.get());
        } catch (TokenValidationException refused) {
            throw new AudguardJwtException(refused);
        } catch (RuntimeException unexpected) {
            // a fault in validation (or in the application's requirements) is a bug, not the caller's
            // fault nor an outage: sdk-core's 500 internal_error answer, logged by class at most once a minute
            errors.report(unexpected);
            throw new AudguardJwtException(new TokenValidationException(Reason.INTERNAL_ERROR, unexpected));
        }
        VerifiedJwt jwt;
        try {
            jwt = VerifiedJwt.of(verified, principalClaim);
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

    /** The validator behind this decoder. */
    public TokenValidator validator() {
        return validator;
    }

    @Override
    public String toString() {
        return "AudguardJwtDecoder{" + validator + '}';
    }

    /**
     * Configures an {@link AudguardJwtDecoder}. Defaults: no per-request requirements, principal
     * claim {@code sub}. Each option can be set once. Not thread-safe.
     */
    public static final class Builder {
        private final TokenValidator validator;
        private Supplier<Requirements> requirements;
        private String principalClaim;
        private OAuth2TokenValidator<Jwt> jwtValidator;

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

        /** Builds the decoder. */
        public AudguardJwtDecoder build() {
            return new AudguardJwtDecoder(this);
        }
    }
}
