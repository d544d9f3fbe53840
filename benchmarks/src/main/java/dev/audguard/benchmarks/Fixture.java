package dev.audguard.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One key pair and a pool of realistic, Keycloak-shaped access tokens (about 1 KiB each, several
 * realm and client roles) for one algorithm: every validator in a run sees exactly these.
 */
final class Fixture {
    static final String ISSUER = "https://idp.example.com/realms/demo";
    static final String AUDIENCE = "orders-api";

    final JWSAlgorithm algorithm;
    final JWK key;
    final PublicKey publicKey;
    final String jwks;
    final List<String> tokens;
    final List<byte[]> signingInputs;
    /** Signatures as the JCA wants them: DER for ECDSA, raw for RSA. */
    final List<byte[]> jcaSignatures;

    private Fixture(String alg, int poolSize) throws JOSEException {
        this.algorithm = JWSAlgorithm.parse(alg);
        if (alg.startsWith("ES")) {
            this.key = new ECKeyGenerator(Curve.P_256).keyID("bench-ec").keyUse(KeyUse.SIGNATURE).generate();
            this.publicKey = ((ECKey) key).toPublicKey();
        } else {
            this.key = new RSAKeyGenerator(2048).keyID("bench-rsa").keyUse(KeyUse.SIGNATURE).generate();
            this.publicKey = ((RSAKey) key).toPublicKey();
        }
        this.jwks = new JWKSet(key).toPublicJWKSet().toString();
        JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
        List<String> minted = new ArrayList<>(poolSize);
        List<byte[]> inputs = new ArrayList<>(poolSize);
        List<byte[]> signatures = new ArrayList<>(poolSize);
        Instant now = Instant.now();
        for (int i = 0; i < poolSize; i++) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(),
                    claims(now, i));
            jwt.sign(signer);
            String token = jwt.serialize();
            minted.add(token);
            inputs.add(token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
            byte[] raw = new Base64URL(token.substring(token.lastIndexOf('.') + 1)).decode();
            signatures.add(alg.startsWith("ES") ? ECDSA.transcodeSignatureToDER(raw) : raw);
        }
        this.tokens = List.copyOf(minted);
        this.signingInputs = List.copyOf(inputs);
        this.jcaSignatures = List.copyOf(signatures);
    }

    static Fixture create(String alg, int poolSize) {
        try {
            return new Fixture(alg, poolSize);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot create the benchmark fixture", e);
        }
    }

    /** What Keycloak puts in an access token for a user with a few roles. */
    private static JWTClaimsSet claims(Instant now, int i) {
        String subject = UUID.nameUUIDFromBytes(("user-" + i).getBytes(StandardCharsets.UTF_8)).toString();
        return new JWTClaimsSet.Builder()
                .expirationTime(Date.from(now.plusSeconds(86_400)))
                .issueTime(Date.from(now))
                .claim("auth_time", now.getEpochSecond())
                .jwtID("onrtac:" + UUID.nameUUIDFromBytes(("jti-" + i).getBytes(StandardCharsets.UTF_8)))
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE, "account"))
                .subject(subject)
                .claim("typ", "Bearer")
                .claim("azp", "service-a")
                .claim("sid", UUID.nameUUIDFromBytes(("sid-" + i).getBytes(StandardCharsets.UTF_8)).toString())
                .claim("acr", "1")
                .claim("allowed-origins", List.of("https://app.example.com"))
                .claim("realm_access", Map.of("roles", List.of("default-roles-demo", "offline_access", "uma_authorization",
                        "customer", "orders-reader")))
                .claim("resource_access", Map.of(
                        "orders-api", Map.of("roles", List.of("viewer", "editor")),
                        "account", Map.of("roles", List.of("manage-account", "manage-account-links", "view-profile"))))
                .claim("scope", "openid profile email orders.read")
                .claim("email_verified", true)
                .claim("name", "User Number " + i)
                .claim("preferred_username", "user" + i)
                .claim("given_name", "User")
                .claim("family_name", "Number " + i)
                .claim("email", "user" + i + "@example.com")
                .build();
    }
}
