package dev.audguard.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenIntrospector;
import dev.audguard.core.TokenValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A cached introspection (SHA-256 of the token, one cache look-up, the audience and scope rules on
 * the cached answer) against a cached JWT validation ({@code TokenValidator}'s verdict cache), on the
 * same pool of 1,000 Keycloak-shaped RS256 tokens of about 1.2 KiB; and the uncached introspection,
 * one HTTP round trip to a loopback endpoint per call, for the cost the cache saves.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// the JDK's server delays small responses on Nagle's algorithm unless told not to: 40 ms a call otherwise
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
@State(Scope.Benchmark)
public class IntrospectionBenchmark extends FullRun {
    static final int POOL = PoolCursor.POOL;

    Fixture fixture;
    HttpServer endpoint;
    TokenValidator jwtCached;
    TokenIntrospector introspectionCached;
    TokenIntrospector introspectionUncached;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        fixture = Fixture.create("RS256", POOL);
        byte[] answer = ("{\"active\":true,\"iss\":\"" + Fixture.ISSUER + "\",\"aud\":[\"" + Fixture.AUDIENCE + "\",\"account\"],"
                + "\"sub\":\"alice\",\"client_id\":\"service-a\",\"scope\":\"openid profile email\",\"token_type\":\"Bearer\","
                + "\"exp\":" + Instant.now().plusSeconds(86_400).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8);
        endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        endpoint.setExecutor(Executors.newFixedThreadPool(4));
        endpoint.createContext("/introspect", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        endpoint.start();
        URI uri = URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/introspect");
        jwtCached = TokenValidator.builder().issuer(Fixture.ISSUER).audience(Fixture.AUDIENCE).jwks(fixture.jwks).build();
        introspectionCached = TokenIntrospector.builder(Fixture.ISSUER).endpoint(uri).clientSecretBasic("orders-api", "secret")
                .audience(Fixture.AUDIENCE).maxCacheLifetime(Duration.ofHours(1))
                .maxCallsPerSecond(Integer.MAX_VALUE).build();   // the set-up fills the cache faster than the default 200 a second
        introspectionUncached = TokenIntrospector.builder(Fixture.ISSUER).endpoint(uri).clientSecretBasic("orders-api", "secret")
                .audience(Fixture.AUDIENCE).maxCacheLifetime(Duration.ZERO).maxCallsPerSecond(Integer.MAX_VALUE).build();
        for (String token : fixture.tokens) {
            jwtCached.validate(token);
            introspectionCached.introspect(token, Requirements.none());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        endpoint.stop(0);
        ((java.util.concurrent.ExecutorService) endpoint.getExecutor()).shutdownNow();
    }

    @Benchmark
    public String jwtVerdictCacheHit(PoolCursor cursor) {
        return jwtCached.validate(fixture.tokens.get(cursor.advance())).subject().orElseThrow();
    }

    @Benchmark
    public String introspectionCacheHit(PoolCursor cursor) {
        return introspectionCached.introspect(fixture.tokens.get(cursor.advance()), Requirements.none()).subject().orElseThrow();
    }

    /** One loopback HTTP round trip per call: what every request would cost without the cache. */
    @Benchmark
    public String introspectionUncached(PoolCursor cursor) {
        return introspectionUncached.introspect(fixture.tokens.get(cursor.advance()), Requirements.none()).subject().orElseThrow();
    }
}
