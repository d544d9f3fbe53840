package dev.audguard.core.binding;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Makes DPoP proofs with real keys for tests, valid by default and bendable into anything hostile. */
final class Proofs {
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private JWK signingKey;
    private JWSSigner signer;

    private Proofs(JWK key, Clock clock, String method, String uri, String accessToken) {
        this.signingKey = key;
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

    Proofs header(String name, Object value) {
        header.put(name, value);
        return this;
    }

    Proofs withoutHeader(String name) {
        header.remove(name);
        return this;
    }

    Proofs claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    Proofs without(String name) {
        claims.remove(name);
        return this;
    }

    /** Signs with {@code key} whatever the header's {@code jwk} says. */
    Proofs signedBy(JWK key) {
        this.signingKey = key;
        return this;
    }

    Proofs hmac(byte[] secret) throws JOSEException {
        this.signer = new MACSigner(secret);
        return this;
    }

    String sign() {
        String input = encode(JSONObjectUtils.toJSONString(header)) + "." + encode(JSONObjectUtils.toJSONString(claims));
        try {
            JWSSigner actual = signer != null ? signer
                    : signingKey instanceof RSAKey rsa ? new RSASSASigner(rsa.toPrivateKey(), true) : new ECDSASigner((ECKey) signingKey);
            Base64URL signature = actual.sign(new JWSHeader(JWSAlgorithm.parse(String.valueOf(header.get("alg")))),
                    input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign test proof", e);
        }
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

    static String encode(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String algorithmOf(ECKey ec) {
        return switch (ec.getCurve().getName()) {
            case "P-384" -> "ES384";
            case "P-521" -> "ES512";
            default -> "ES256";
        };
    }
}
