package dev.audguard.spring.internal;

import dev.audguard.core.Refusal;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

import java.util.Objects;

/**
 * A request the front door refused, on its way from the request-aware authentication manager to
 * the entry point, which answers the {@link Refusal} it carries (with the sender-binding challenges
 * and headers, e.g. {@code DPoP-Nonce}). Its message is the refusal code only: never a token or a
 * proof. Not API.
 */
public final class RefusedRequestException extends OAuth2AuthenticationException {
    private static final long serialVersionUID = 1L;
    private final transient Refusal refusal;

    /** The front door refused the request with {@code refusal}. */
    public RefusedRequestException(Refusal refusal) {
        super(new OAuth2Error(Objects.requireNonNull(refusal, "refusal").error().orElse("invalid_request")),
                "Request refused: " + refusal.code());
        this.refusal = refusal;
    }

    /** What the front door refused the request with. */
    public Refusal refusal() {
        return refusal;
    }
}
