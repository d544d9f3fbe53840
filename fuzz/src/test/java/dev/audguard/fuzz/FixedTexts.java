package dev.audguard.fuzz;

import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The request-path refusal property: a {@link TokenValidationException}'s message is one of the
 * fixed {@link Reason} descriptions, so it can never carry what the caller sent.
 */
final class FixedTexts {
    static final Set<String> REFUSALS = Arrays.stream(Reason.values()).map(Reason::description)
            .collect(Collectors.toUnmodifiableSet());

    private FixedTexts() {
    }

    /** Fails unless {@code refusal}'s message is a fixed text and contains none of {@code inputs}. */
    static void assertFixed(TokenValidationException refusal, String... inputs) {
        String message = refusal.getMessage();
        if (!REFUSALS.contains(message)) {
            throw new AssertionError("refusal message is not one of the fixed texts: " + message);
        }
        if (!message.equals(refusal.reason().description())) {
            throw new AssertionError("refusal message is not its reason's text: " + refusal.reason().code());
        }
        for (String input : inputs) {
            // a short input can be a word of a fixed text by chance; the fixed-text check covers those
            if (input != null && input.length() >= 8 && message.contains(input)) {
                throw new AssertionError("refusal message contains the input");
            }
        }
    }
}
