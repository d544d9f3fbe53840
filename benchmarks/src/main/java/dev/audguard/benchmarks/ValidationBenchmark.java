package dev.audguard.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.TimeUnit;

/**
 * Validating one access token, by every validator a Java service would pick, on the same key and
 * the same pool of 1,000 Keycloak-shaped tokens; each call checks signature, issuer, audience and
 * time, and returns the subject so nothing is optimised away.
 *
 * <p>{@code signatureOnly} is the floor: the JCA signature check alone, which every validator pays.
 * auth0's {@code java-jwt} has no PS256, so {@code auth0} fails for that parameter by design.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ValidationBenchmark extends FullRun {
    static final int POOL = PoolCursor.POOL;

    @Param({"RS256", "ES256", "PS256"})
    public String alg;

    Fixture fixture;
    TokenValidator audguard;
    TokenValidator audguardCached;
    NimbusJwtDecoder spring;
    JwtConsumer jose4j;
    JWTVerifier auth0;
    io.fusionauth.jwt.Verifier fusionAuth;
    io.jsonwebtoken.JwtParser jjwt;
    String[] subjects;
    /** The tokens as a container reads them off the wire, for {@link #audguardCacheHitFreshText}. */
    byte[][] tokenBytes;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = Fixture.create(alg, POOL);
        audguard = TokenValidator.builder()
                .issuer(Fixture.ISSUER)
                .audience(Fixture.AUDIENCE)
                .jwks(fixture.jwks)
                .disableVerifiedTokenCache()
                .build();
        audguardCached = TokenValidator.builder()
                .issuer(Fixture.ISSUER)
                .audience(Fixture.AUDIENCE)
                .jwks(fixture.jwks)
                .build();
        spring = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<SecurityContext>(new com.nimbusds.jose.jwk.JWKSet(fixture.key.toPublicJWK())))
                .jwsAlgorithm(SignatureAlgorithm.from(alg))
                .build();
        spring.setJwtValidator(JwtValidators.createDefaultWithValidators(
                JwtValidators.createDefaultWithIssuer(Fixture.ISSUER), new JwtAudienceValidator(Fixture.AUDIENCE)));
        jose4j = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(60)
                .setExpectedIssuer(Fixture.ISSUER)
                .setExpectedAudience(Fixture.AUDIENCE)
                .setVerificationKey(fixture.publicKey)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg)
                .build();
        auth0 = switch (alg) {
            case "RS256" -> JWT.require(Algorithm.RSA256((RSAPublicKey) fixture.publicKey, null))
                    .withIssuer(Fixture.ISSUER).withAudience(Fixture.AUDIENCE).acceptLeeway(60).build();
            case "ES256" -> JWT.require(Algorithm.ECDSA256((ECPublicKey) fixture.publicKey, null))
                    .withIssuer(Fixture.ISSUER).withAudience(Fixture.AUDIENCE).acceptLeeway(60).build();
            default -> null;
        };
        fusionAuth = switch (alg) {
            case "RS256" -> io.fusionauth.jwt.rsa.RSAVerifier.newVerifier((RSAPublicKey) fixture.publicKey);
            case "ES256" -> io.fusionauth.jwt.ec.ECVerifier.newVerifier((ECPublicKey) fixture.publicKey);
            default -> io.fusionauth.jwt.rsa.RSAPSSVerifier.newVerifier((RSAPublicKey) fixture.publicKey);
        };
        jjwt = io.jsonwebtoken.Jwts.parser()
                .verifyWith(fixture.publicKey)
                .requireIssuer(Fixture.ISSUER)
                .requireAudience(Fixture.AUDIENCE)
                .clockSkewSeconds(60)
                .build();
        subjects = new String[POOL];
        tokenBytes = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            tokenBytes[i] = fixture.tokens.get(i).getBytes(StandardCharsets.ISO_8859_1);
            subjects[i] = audguardCached.validate(fixture.tokens.get(i)).subject().orElseThrow();
        }
    }

    /** A JCA verifier per thread, initialised once: nothing but the signature math. */
    @State(Scope.Thread)
    public static class Jca {
        Signature signature;

        @Setup(Level.Trial)
        public void setUp(ValidationBenchmark benchmark) throws GeneralSecurityException {
            switch (benchmark.alg) {
                case "RS256" -> signature = Signature.getInstance("SHA256withRSA");
                case "ES256" -> signature = Signature.getInstance("SHA256withECDSA");
                default -> {
                    signature = Signature.getInstance("RSASSA-PSS");
                    signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                }
            }
            signature.initVerify(benchmark.fixture.publicKey);
        }
    }

    @Benchmark
    public String signatureOnly(PoolCursor cursor, Jca jca) throws GeneralSecurityException {
        int i = cursor.advance();
        jca.signature.update(fixture.signingInputs.get(i));
        if (!jca.signature.verify(fixture.jcaSignatures.get(i))) {
            throw new IllegalStateException("signature did not verify");
        }
        return subjects[i];
    }

    @Benchmark
    public String audguard(PoolCursor cursor) {
        return audguard.validate(fixture.tokens.get(cursor.advance())).subject().orElseThrow();
    }

    @Benchmark
    public String audguardCached(PoolCursor cursor) {
        return audguardCached.validate(fixture.tokens.get(cursor.advance())).subject().orElseThrow();
    }

    /**
     * The cache hit alone, returning the {@code VerifiedToken} itself: its {@code gc.alloc.rate.norm}
     * is what {@code validate} allocates on a hit (issue 21 item 4b: nothing beyond what it returns,
     * and a hit returns the cached instance).
     */
    @Benchmark
    public VerifiedToken audguardCacheHit(PoolCursor cursor) {
        return audguardCached.validate(fixture.tokens.get(cursor.advance()));
    }

    /**
     * A cache hit as an adapter makes it: the token is a new {@code String} on every request (read
     * from the {@code Authorization} header), so its hash is not cached in it yet. The copy is made
     * here, as the container makes it; its bytes are part of this benchmark's
     * {@code gc.alloc.rate.norm}.
     */
    @Benchmark
    public VerifiedToken audguardCacheHitFreshText(PoolCursor cursor) {
        byte[] header = tokenBytes[cursor.advance()];
        return audguardCached.validate(new String(header, 0, header.length, StandardCharsets.ISO_8859_1));
    }

    @Benchmark
    public String springNimbusJwtDecoder(PoolCursor cursor) {
        return spring.decode(fixture.tokens.get(cursor.advance())).getSubject();
    }

    @Benchmark
    public String jose4j(PoolCursor cursor) throws InvalidJwtException, MalformedClaimException {
        return jose4j.processToClaims(fixture.tokens.get(cursor.advance())).getSubject();
    }

    /** fusionauth-jwt checks signature, {@code exp} and {@code nbf} itself; issuer and audience are checked here, as its docs show. */
    @Benchmark
    public String fusionAuth(PoolCursor cursor) {
        io.fusionauth.jwt.domain.JWT jwt = io.fusionauth.jwt.domain.JWT.getDecoder().decode(fixture.tokens.get(cursor.advance()), fusionAuth);
        if (!Fixture.ISSUER.equals(jwt.issuer) || !audienceMatches(jwt.audience)) {
            throw new IllegalStateException("wrong issuer or audience");
        }
        return jwt.subject;
    }

    private static boolean audienceMatches(Object aud) {
        return aud instanceof String s ? s.equals(Fixture.AUDIENCE) : aud instanceof java.util.List<?> l && l.contains(Fixture.AUDIENCE);
    }

    @Benchmark
    public String jjwt(PoolCursor cursor) {
        return jjwt.parseSignedClaims(fixture.tokens.get(cursor.advance())).getPayload().getSubject();
    }

    @Benchmark
    public String auth0(PoolCursor cursor) {
        if (auth0 == null) {
            throw new UnsupportedOperationException("auth0 java-jwt does not support " + alg);
        }
        return auth0.verify(fixture.tokens.get(cursor.advance())).getSubject();
    }
}
