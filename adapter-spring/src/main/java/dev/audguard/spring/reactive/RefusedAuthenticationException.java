package dev.audguard.spring.reactive;

import dev.audguard.core.HttpAnswer;
import org.springframework.security.core.AuthenticationException;

import java.util.Objects;

/**
 * A request the front door refused, with the answer to send; the message is fixed (the
 * refusal's code), never input. Not serialisable state worth keeping: the answer is transient.
 */
public final class RefusedAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    private final transient HttpAnswer answer;

    /** A refusal answered with {@code answer}; {@code code} is the refusal's fixed code. */
    public RefusedAuthenticationException(String code, HttpAnswer answer) {
        super("Request refused: " + code);
        this.answer = Objects.requireNonNull(answer, "answer");
    }

    /** The answer to send. */
    public HttpAnswer answer() {
        return answer;
    }
}
