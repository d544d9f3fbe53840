package dev.audguard.core;

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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the tests' token minter ({@link TestTokens}) and DPoP proof maker share: a compact JWS whose
 * every header member and claim can be set to any JSON value or removed, signed by any key whatever
 * the header says, so a subclass's valid default can be bent into anything hostile. Not thread-safe.
 *
 * @param <T> the subclass, so that edits chain
 */
public abstract class TestJws<T extends TestJws<T>> {
    protected final Map<String, Object> header = new LinkedHashMap<>();
    protected final Map<String, Object> claims = new LinkedHashMap<>();
    protected JWK signingKey;
    private JWSSigner signer;

    protected TestJws(JWK signingKey) {
        this.signingKey = signingKey;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    public T header(String name, Object value) {
        header.put(name, value);
        return self();
    }

    public T withoutHeader(String name) {
        header.remove(name);
        return self();
    }

    public T claim(String name, Object value) {
        claims.put(name, value);
        return self();
    }

    public T without(String claim) {
        claims.remove(claim);
        return self();
    }

    /** Signs with {@code key} but keeps whatever {@code alg}, {@code kid} and {@code jwk} the header says. */
    public T signingKeyOnly(JWK key) {
        this.signingKey = key;
        return self();
    }

    /** Signs with HMAC keyed by {@code secret}. */
    public T hmacSecret(byte[] secret) {
        try {
            this.signer = new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return self();
    }

    /** The compact JWS. */
    public String sign() {
        String signingInput = encode(JSONObjectUtils.toJSONString(header)) + "." + encode(JSONObjectUtils.toJSONString(claims));
        try {
            JWSSigner actual = signer != null ? signer : signerFor(signingKey);
            // the signer only needs the algorithm; the header itself may be deliberately broken
            JWSHeader parsed = new JWSHeader(JWSAlgorithm.parse(String.valueOf(header.get("alg"))));
            Base64URL signature = actual.sign(parsed, signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign test JWS", e);
        }
    }

    /** The compact JWS with an empty signature, as an {@code alg: none} one has. */
    public String unsigned() {
        return encode(JSONObjectUtils.toJSONString(header)) + "." + encode(JSONObjectUtils.toJSONString(claims)) + ".";
    }

    /** base64url of the UTF-8 bytes of {@code json}, unpadded, as a JWS part. */
    public static String encode(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static JWSSigner signerFor(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSASigner(rsa.toPrivateKey(), true);
        }
        if (key instanceof ECKey ec) {
            return new ECDSASigner(ec);
        }
        throw new IllegalArgumentException("unsupported test key " + key.getKeyType());
    }
}
