package dev.audguard.spring.internal;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.util.Map;

/**
 * The JOSE header of a token sdk-core already verified, as the map Spring's {@code Jwt} holds.
 * Parsed with Nimbus, never by hand. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class Headers {
    private Headers() {
    }

    /** The header of {@code verifiedToken}; its first segment is known to be a base64url JSON object. */
    public static Map<String, Object> of(String verifiedToken) {
        int dot = verifiedToken.indexOf('.');
        try {
            return JSONObjectUtils.parse(new Base64URL(verifiedToken.substring(0, dot)).decodeToString());
        } catch (ParseException e) {
            // cannot happen for a token the validator accepted; never echo the header
            throw new IllegalStateException("the verified token's header is not a JSON object");
        }
    }
}
