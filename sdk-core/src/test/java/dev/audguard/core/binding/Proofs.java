package dev.audguard.core.binding;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import dev.audguard.core.TestJws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.UUID;

/** Makes DPoP proofs with real keys for tests, valid by default and bendable into anything hostile ({@link TestJws}). */
final class Proofs extends TestJws<Proofs> {
    private Proofs(JWK key, Clock clock, String method, String uri, String accessToken) {
        super(key);
        header.put("typ", "dpop+jwt");
        header.put("alg", key instanceof ECKey ec ? algorithmOf(ec) : "PS256");
        header.put("jwk", key.toPublicJWK().toJSONObject());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", method);
        claims.put("htu", uri);
        claims.put("iat", clock.instant().getEpochSecond());
        if (accessToken != null) {
            claims.put("ath", ath(accessToken));
        }
    }

    /** A valid proof by {@code key} for a request and access token, issued now. */
    static Proofs of(JWK key, Clock clock, String method, String uri, String accessToken) {
        return new Proofs(key, clock, method, uri, accessToken);
    }

    static String ath(String accessToken) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII))).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String thumbprint(JWK key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String algorithmOf(ECKey ec) {
        return switch (ec.getCurve().getName()) {
            case "P-384" -> "ES384";
            case "P-521" -> "ES512";
            default -> "ES256";
        };
    }
}
