package dev.audguard.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.DpopProof;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.PresentedToken;
import dev.audguard.core.binding.ReplayStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What a DPoP check (ES256 proof, RFC 9449 section 4.3) adds to a token validation, against the cost
 * of one ES256 signature verification.
 *
 * <ul>
 *   <li>{@code es256Verify}: one JCA {@code SHA256withECDSA} verification, the floor of both;</li>
 *   <li>{@code validate}: a DPoP-bound ES256 token validated without the verified-token cache;</li>
 *   <li>{@code validateWithDpop}: the same validation plus the proof check (a fresh proof each time,
 *       remembered in the in-memory replay store), what a DPoP request costs;</li>
 *   <li>{@code dpopOnly}: the proof check alone.</li>
 * </ul>
 *
 * <p>Each proof is used once (the store would refuse a replay), so a pool of distinct proofs is made
 * at set-up and a fresh verifier (empty store) starts each iteration. The verifier's clock is fixed at
 * set-up time so the pool does not go stale during a long run.
 *
 * <p>Quick configuration (1 fork, 2 x 2 s warm-up, 3 x 2 s measurement): run with
 * {@code java -jar benchmarks/target/benchmarks.jar DpopBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class DpopBenchmark {
    static final String ISSUER = "https://idp.example.com/realms/demo";
    static final String AUDIENCE = "orders-api";
    static final String BASE = "https://api.example.com";
    static final String PATH = "/orders/42";
    static final int POOL = 4000;

    TokenValidator validator;
    List<String> tokens;
    List<PresentedToken> presented;
    List<List<String>> proofs;
    List<byte[]> signingInputs;
    List<byte[]> derSignatures;
    ECKey issuerKey;
    String jkt;
    Clock fixed;
    /** How many tokens and proofs set-up makes; {@link DpopCpuCost} makes fewer. */
    int pool = POOL;

    @Setup(Level.Trial)
    public void setUp() throws JOSEException {
        issuerKey = new ECKeyGenerator(Curve.P_256).keyID("bench-ec").generate();
        ECKey client = new ECKeyGenerator(Curve.P_256).generate();
        jkt = client.computeThumbprint().toString();
        Instant now = Instant.now();
        fixed = Clock.fixed(now, ZoneOffset.UTC);
        validator = TokenValidator.builder().issuer(ISSUER).jwks(new JWKSet(issuerKey).toPublicJWKSet().toString())
                .audience(AUDIENCE).disableVerifiedTokenCache().build();
        ECDSASigner issuerSigner = new ECDSASigner(issuerKey);
        ECDSASigner clientSigner = new ECDSASigner(client);
        List<String> minted = new ArrayList<>(pool);
        List<List<String>> made = new ArrayList<>(pool);
        List<byte[]> inputs = new ArrayList<>(pool);
        List<byte[]> signatures = new ArrayList<>(pool);
        for (int i = 0; i < pool; i++) {
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID("bench-ec").build(),
                    new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("user-" + i).jwtID(UUID.randomUUID().toString())
                            .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                            .claim("typ", "Bearer").claim("azp", "service-a").claim("scope", "profile email")
                            .claim("cnf", Map.of("jkt", jkt)).build());
            token.sign(issuerSigner);
            String raw = token.serialize();
            minted.add(raw);
            inputs.add(raw.substring(0, raw.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
            signatures.add(ECDSA.transcodeSignatureToDER(new Base64URL(raw.substring(raw.lastIndexOf('.') + 1)).decode()));
            SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                    .jwk(client.toPublicJWK()).build(),
                    new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                            .claim("htm", "GET").claim("htu", BASE + PATH).claim("ath", ath(raw)).build());
            proof.sign(clientSigner);
            made.add(List.of(proof.serialize()));
        }
        tokens = List.copyOf(minted);
        presented = minted.stream().map(t -> new PresentedToken(PresentedToken.Scheme.DPOP, t)).toList();
        proofs = List.copyOf(made);
        signingInputs = List.copyOf(inputs);
        derSignatures = List.copyOf(signatures);
    }

    DpopVerifier newVerifier() {
        return DpopVerifier.builder().externalBaseUrl(URI.create(BASE)).clock(fixed)
                .replayStore(ReplayStore.inMemory(POOL * 2, fixed)).build();
    }

    /** A cursor over the pool and a verifier whose replay store has not seen it yet. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
        DpopVerifier verifier;

        @Setup(Level.Iteration)
        public void reset(DpopBenchmark benchmark) {
            next = 0;
            verifier = benchmark.newVerifier();
        }

        int take(DpopBenchmark benchmark) {
            if (next == POOL) {
                // every proof of the pool used in this iteration: start over with an empty store
                next = 0;
                verifier = benchmark.newVerifier();
            }
            return next++;
        }
    }

    /** An initialised JCA verifier per thread. */
    @State(Scope.Thread)
    public static class Jca {
        Signature signature;

        @Setup(Level.Trial)
        public void setUp(DpopBenchmark benchmark) throws GeneralSecurityException, JOSEException {
            signature = Signature.getInstance("SHA256withECDSA");
            signature.initVerify(benchmark.issuerKey.toECPublicKey());
        }
    }

    @Benchmark
    public boolean es256Verify(Cursor cursor, Jca jca) throws GeneralSecurityException {
        int i = cursor.take(this);
        jca.signature.update(signingInputs.get(i));
        return jca.signature.verify(derSignatures.get(i));
    }

    @Benchmark
    public VerifiedToken validate(Cursor cursor) {
        return validator.validate(tokens.get(cursor.take(this)));
    }

    @Benchmark
    public DpopProof validateWithDpop(Cursor cursor) {
        int i = cursor.take(this);
        VerifiedToken token = validator.validate(tokens.get(i));
        return cursor.verifier.check(presented.get(i), token, "GET", PATH, proofs.get(i)).orElseThrow();
    }

    @Benchmark
    public DpopProof dpopOnly(Cursor cursor) {
        int i = cursor.take(this);
        return cursor.verifier.verify("GET", PATH, proofs.get(i), tokens.get(i), jkt);
    }

    static String ath(String token) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII))).toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
