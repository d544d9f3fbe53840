package dev.audguard.spring.server;

import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import org.springframework.security.oauth2.jwt.BadJwtException;

import java.io.Serial;
import java.util.Objects;

/**
 * Why {@link AudguardJwtDecoder} refused a token: the sdk-core {@link TokenValidationException}
 * (its {@link #reason()}) as the {@link BadJwtException} Spring Security expects from a decoder.
 *
 * <p>Every refusal is a {@code BadJwtException}, {@link Reason#KEYS_UNAVAILABLE} included, so
 * that Spring's {@code JwtAuthenticationProvider} hands it to the authentication entry point
 * (a plain {@code JwtException} would escape the filter chain as a 500); the
 * {@link AudguardAuthenticationEntryPoint} then answers 503 for that reason, 403 for
 * {@code insufficient_scope} and 401 for the rest. The message is the reason's fixed wording.
 *
 * <p>Immutable and thread-safe.
 */
public final class AudguardJwtException extends BadJwtException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A refusal for {@code failure}'s reason. */
    public AudguardJwtException(TokenValidationException failure) {
        super(Objects.requireNonNull(failure, "failure").reason().description(), failure);
    }

    /** The sdk-core failure. */
    public TokenValidationException failure() {
        return (TokenValidationException) getCause();
    }

    /** Why the token was refused. */
    public Reason reason() {
        return failure().reason();
    }
}
