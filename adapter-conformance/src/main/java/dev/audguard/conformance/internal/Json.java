package dev.audguard.conformance.internal;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads JSON bodies and the claims of tokens the kit obtained; writes base64url. Not API. Thread-safe. */
public final class Json {
    private Json() {
    }

    /** {@code text} as a JSON object, or empty when it is not one. */
    public static Optional<Map<String, Object>> object(String text) {
        try {
            return Optional.of(JSONObjectUtils.parse(text));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The claims of a compact JWS the kit obtained from the issuer.
     *
     * @throws IllegalStateException when it is not a JWS with a JSON object payload; the message
     *     never shows the token
     */
    public static Map<String, Object> claims(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalStateException("the token source gave something that is not a compact JWS");
        }
        try {
            return object(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                    .orElseThrow(() -> new IllegalStateException("the token's payload is not a JSON object"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the token's payload is not base64url");
        }
    }

    /** The {@code aud} claim as a list (a string is one audience); anything else is no audience. */
    public static List<String> audiences(Map<String, Object> claims) {
        Object aud = claims.get("aud");
        if (aud instanceof String single) {
            return List.of(single);
        }
        if (aud instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** The {@code iat} claim, in epoch seconds. */
    public static Optional<Long> issuedAt(Map<String, Object> claims) {
        return claims.get("iat") instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    /** Unpadded base64url of {@code text}'s UTF-8 bytes. */
    public static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
