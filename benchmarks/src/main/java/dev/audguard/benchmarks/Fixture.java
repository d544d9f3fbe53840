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
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
                    KeycloakClaims.of(ISSUER, AUDIENCE, now, i));
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
}
