package dev.audguard.fuzz;

import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The request-path refusal property: a {@link TokenValidationException}'s message is exactly its
 * reason's fixed {@link Reason#description() description}. A fixed text holds no input by
 * construction; checking for the input as a substring would only flag inputs that happen to be
 * words of a fixed text (the header campaign found {@code "earer to"} in "...a bearer token...").
 */
final class FixedTexts {
    static final Set<String> REFUSALS = Arrays.stream(Reason.values()).map(Reason::description)
            .collect(Collectors.toUnmodifiableSet());

    private FixedTexts() {
    }

    /** Fails unless {@code refusal}'s message is its reason's fixed text. */
    static void assertFixed(TokenValidationException refusal) {
        String message = refusal.getMessage();
        if (!REFUSALS.contains(message)) {
            throw new AssertionError("refusal message is not one of the fixed texts: " + message);
        }
        if (!message.equals(refusal.reason().description())) {
            throw new AssertionError("refusal message is not its reason's text: " + refusal.reason().code());
        }
    }
}
