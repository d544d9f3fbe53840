package dev.audguard.issuer;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import java.text.ParseException;
import java.util.Map;

/** Reads tokens in tests; Nimbus does the decoding, the assertions are ours. */
public final class Jwt {

    private Jwt() {
    }

    public static Map<String, Object> claims(String token) {
        try {
            return JWSObject.parse(token).getPayload().toJSONObject();
        } catch (ParseException e) {
            throw new AssertionError("not a JWS", e);
        }
    }

    public static Map<String, Object> header(String token) {
        try {
            return JWSObject.parse(token).getHeader().toJSONObject();
        } catch (ParseException e) {
            throw new AssertionError("not a JWS", e);
        }
    }

    /** True when a key of the JWKS with the token's kid verifies its RS256 signature. */
    public static boolean verifies(String token, String jwksJson) {
        try {
            JWSObject jws = JWSObject.parse(token);
            RSAKey key = (RSAKey) JWKSet.parse(jwksJson).getKeyByKeyId(jws.getHeader().getKeyID());
            return key != null && jws.verify(new RSASSAVerifier(key));
        } catch (Exception e) {
            return false;
        }
    }
}
