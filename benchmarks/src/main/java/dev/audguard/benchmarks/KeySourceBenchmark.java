package dev.audguard.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.internal.JwksParser;
import dev.audguard.core.internal.KeySet;
import dev.audguard.core.internal.VerificationKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key lookup by {@code kid} in a fetched key set, and a whole validation of a token whose
 * {@code kid} is not among the issuer's keys through the remote key source with its keys already
 * fetched (a local JWKS server, fetched once in setup): refusing an unknown {@code kid} without
 * touching the network is what each token of a flood of random {@code kid}s costs a service.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class KeySourceBenchmark extends ShortRun {
    @Param({"1", "8"})
    public int keys;

    HttpServer server;
    TokenValidator validator;
    String unknownKidToken;
    KeySet keySet;
    String knownKid;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Fixture fixture = Fixture.create("RS256", 1);
        List<JWK> published = new ArrayList<>();
        published.add(fixture.key.toPublicJWK());
        for (int i = 1; i < keys; i++) {
            published.add(new RSAKeyGenerator(2048).keyID("other-" + i).generate().toPublicJWK());
        }
        byte[] jwks = new JWKSet(published).toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/certs", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "max-age=86400");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        validator = TokenValidator.builder()
                .issuer(Fixture.ISSUER, i -> i.jwksUri("http://127.0.0.1:" + server.getAddress().getPort() + "/certs"))
                .audience(Fixture.AUDIENCE)
                .build();
        validator.warmUp().get(10, TimeUnit.SECONDS);
        keySet = JwksParser.parseJwks(new String(jwks, StandardCharsets.UTF_8)).keys();
        knownKid = fixture.key.getKeyID();
        String token = fixture.tokens.get(0);
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"not-published\"}".getBytes(StandardCharsets.UTF_8));
        unknownKidToken = header + token.substring(token.indexOf('.'));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.stop(0);
    }

    /** Selecting the verification key of a token by {@code kid} and algorithm in a fetched key set. */
    @Benchmark
    public VerificationKey lookupKnownKid() {
        return keySet.select(knownKid, JWSAlgorithm.RS256);
    }

    /** A whole validation of a token whose {@code kid} is unknown, refused without a fetch. */
    @Benchmark
    public String refuseUnknownKid() {
        try {
            validator.validate(unknownKidToken);
            throw new IllegalStateException("an unknown kid was accepted");
        } catch (dev.audguard.core.TokenValidationException e) {
            return e.reason().code();
        }
    }
}
