package dev.audguard.core.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a JWKS document, a single JWK or a PEM public key into a {@link KeySet}. Not API.
 *
 * <p>Keys meant for encryption, keys of an unsupported type or curve, short RSA keys and entries
 * that do not parse are skipped; private key material is never used (its public half is, and the
 * caller is told so it can warn). A document that is not JSON, has no {@code keys} array, or has no
 * usable key at all is an error, never an empty key set.
 *
 * <p>Thread-safe (stateless).
 */
public final class JwksParser {
    private JwksParser() {
    }

    /** The outcome of parsing: the usable keys and what was skipped. */
    public record Parsed(KeySet keys, int skipped, boolean privateMaterialSeen) {
    }

    /** Parses a JWKS document ({@code {"keys":[...]}}). */
    public static Parsed parseJwks(String json) throws InvalidKeysException {
        Map<String, Object> document = parseObject(json);
        if (!(document.get("keys") instanceof List<?> entries)) {
            throw new InvalidKeysException("no keys array");
        }
        return parseEntries(entries);
    }

    private static Map<String, Object> parseObject(String json) throws InvalidKeysException {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw new InvalidKeysException(JsonErrorLocator.locateWithoutInput(json).map(where -> "not valid JSON: " + where)
                    .orElse("not a JSON object"));
        }
    }

    private static Parsed parseEntries(List<?> entries) throws InvalidKeysException {
        List<VerificationKey> usable = new ArrayList<>();
        int skipped = 0;
        boolean privateSeen = false;
        for (Object entry : entries) {
            Optional<VerificationKey> key = Optional.empty();
            if (entry instanceof Map<?, ?> map) {
                try {
                    @SuppressWarnings("unchecked")
                    JWK jwk = JWK.parse((Map<String, Object>) map);
                    privateSeen |= jwk.isPrivate();
                    key = VerificationKey.of(jwk.toPublicJWK());
                } catch (ParseException | JOSEException | RuntimeException e) {
                    key = Optional.empty();
                }
            }
            if (key.isPresent()) {
                usable.add(key.get());
            } else {
                skipped++;
            }
        }
        if (usable.isEmpty()) {
            throw new InvalidKeysException("no usable keys");
        }
        return new Parsed(new KeySet(usable), skipped, privateSeen);
    }

    /** Parses a JWKS document, or a single JWK object, or a PEM public key or certificate. */
    public static Parsed parseAny(String text) throws InvalidKeysException {
        String trimmed = text.strip();
        if (trimmed.startsWith("-----BEGIN")) {
            return parsePem(trimmed);
        }
        Map<String, Object> document = parseObject(trimmed);
        if (document.get("keys") instanceof List<?> entries) {
            return parseEntries(entries);
        }
        if (document.containsKey("kty")) {
            return parseEntries(List.of(document));
        }
        throw new InvalidKeysException("neither a JWKS nor a JWK");
    }

    private static Parsed parsePem(String pem) throws InvalidKeysException {
        if (pem.contains("PRIVATE KEY")) {
            throw new InvalidKeysException("a private key was given where a public key is expected");
        }
        try {
            JWK jwk;
            if (pem.startsWith("-----BEGIN CERTIFICATE-----")) {
                Certificate certificate = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
                jwk = JWK.parse((X509Certificate) certificate);
            } else if (pem.startsWith("-----BEGIN PUBLIC KEY-----")) {
                String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                        .replaceAll("\\s", "");
                jwk = publicKeyJwk(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
            } else {
                throw new InvalidKeysException("not a PEM public key or certificate");
            }
            VerificationKey key = VerificationKey.of(jwk.toPublicJWK())
                    .orElseThrow(() -> new InvalidKeysException("the PEM key is not a usable RSA (2048 bits or more) or EC P-256/384/521 key"));
            return new Parsed(new KeySet(List.of(key)), 0, false);
        } catch (GeneralSecurityException | JOSEException | RuntimeException e) {
            throw new InvalidKeysException("not a PEM public key or certificate");
        }
    }

    private static JWK publicKeyJwk(X509EncodedKeySpec spec) throws GeneralSecurityException {
        try {
            return new RSAKey.Builder((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec)).build();
        } catch (InvalidKeySpecException notRsa) {
            ECPublicKey ec = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
        }
    }

    /** The keys could not be used; the message is fixed wording, never the document. */
    public static final class InvalidKeysException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidKeysException(String problem) {
            super(problem, null, false, false);
        }
    }
}
