package dev.audguard.benchmarks;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * What calling a downstream service with an exchanged token costs per request once the exchanged
 * token is cached (no network inside the measurement): finding the target for the URL and taking
 * the cached exchange for this subject, as the exchanging HTTP client and every adapter do before
 * sending. The token endpoint is a reference issuer on loopback, used once in setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ExchangeBenchmark extends ShortRun {
    ReferenceIssuer issuer;
    DownstreamAuthorizer downstream;
    VerifiedToken verified;
    URI url;

    @Setup(Level.Trial)
    public void setUp() {
        issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
        RealmHandle demo = issuer.realm("demo");
        TokenValidator atServiceB = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build();
        String alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        verified = atServiceB.validate(alice);
        TokenExchangeClient exchange = TokenExchangeClient.builder()
                .issuer(demo.issuerUrl())
                .clientSecret("service-b", "b-secret")
                .build();
        downstream = DownstreamAuthorizer.builder(exchange)
                .target("service-c", "http://127.0.0.1:9/api", t -> t.audience("service-c"))
                .build();
        url = URI.create("http://127.0.0.1:9/api/data?page=2");
        downstream.authorize(url, SubjectToken.of(verified));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        issuer.close();
    }

    /** As an adapter does per outbound call: the request's verified token becomes the subject, then the cached exchange. */
    @Benchmark
    public String cachedExchange() {
        return downstream.authorize(url, SubjectToken.of(verified)).headerValue();
    }
}
