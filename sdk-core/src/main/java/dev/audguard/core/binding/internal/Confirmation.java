package dev.audguard.core.binding.internal;

import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.BindingReason;
import dev.audguard.core.binding.SenderBindingException;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the token's confirmation claim ({@code cnf}, RFC 7800): {@code jkt} (RFC 9449 section 6.1)
 * and {@code x5t#S256} (RFC 8705 section 3.1). Both are a base64url SHA-256, 43 characters without
 * padding; anything else is {@link BindingReason#INVALID_CONFIRMATION}. Thread-safe (stateless).
 */
public final class Confirmation {
    private static final Pattern SHA256_B64URL = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Confirmation() {
    }

    /** {@code cnf.<member>}, or empty when the token has no {@code cnf} or no such member. */
    public static Optional<String> read(VerifiedToken token, String member) {
        Optional<Object> cnf = token.claim("cnf");
        if (cnf.isEmpty()) {
            return Optional.empty();
        }
        if (!(cnf.get() instanceof Map<?, ?> confirmation)) {
            throw new SenderBindingException(BindingReason.INVALID_CONFIRMATION);
        }
        Object value = confirmation.get(member);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text) || !SHA256_B64URL.matcher(text).matches()) {
            throw new SenderBindingException(BindingReason.INVALID_CONFIRMATION);
        }
        return Optional.of(text);
    }
}
