package dev.audguard.benchmarks;

import dev.audguard.core.Outcome;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.ResourceRequest;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.internal.pipeline.Credential;
import dev.audguard.core.internal.pipeline.Credentials;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The front door's own cost on the request path, what the servlet filter pays before and around the
 * validator (issue 21, item 6: a JFR profile of the filter under wrk put 20% of the server's CPU in
 * the {@code b64token} check of the {@code Authorization} value):
 *
 * <ul>
 *   <li>{@code credentialParse}: {@code Credentials.resolve} on one {@code Authorization: Bearer}
 *       value of a Keycloak-shaped RS256 token of about 1.2 KiB (the scheme, optional whitespace, the
 *       RFC 6750 {@code b64token} grammar, the {@code access_token} query check);</li>
 *   <li>{@code frontDoorCacheHit}: {@code ProtectedResource.authenticate} of a whole request whose
 *       token the verdict cache already holds: what an adapter calls per request.</li>
 * </ul>
 *
 * <p>Both walk the fixture's pool of 1,000 tokens, as requests of many users arrive.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class FrontDoorBenchmark extends FullRun {
    static final int POOL = 1_000;

    Fixture fixture;
    List<List<String>> authorization;
    List<ResourceRequest> requests;
    ProtectedResource frontDoor;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = Fixture.create("RS256", POOL);
        TokenValidator validator = TokenValidator.builder().issuer(Fixture.ISSUER).audience(Fixture.AUDIENCE)
                .jwks(fixture.jwks).build();
        frontDoor = ProtectedResource.builder(validator).build();
        authorization = new ArrayList<>(POOL);
        requests = new ArrayList<>(POOL);
        for (String token : fixture.tokens) {
            String value = "Bearer " + token;
            authorization.add(List.of(value));
            ResourceRequest request = ResourceRequest.builder().method("GET").path("/hello").rawPath("/hello")
                    .remoteAddress("127.0.0.1").authorization(value).build();
            requests.add(request);
            if (!(frontDoor.authenticate(request) instanceof Outcome.Accepted)) {
                throw new IllegalStateException("the fixture's token was not accepted");
            }
        }
    }

    /** Each thread walks the pool. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance() {
            int i = next;
            next = i + 1 == POOL ? 0 : i + 1;
            return i;
        }
    }

    @Benchmark
    public Credential credentialParse(Cursor cursor) {
        return Credentials.bearer(authorization.get(cursor.advance()), null);
    }

    @Benchmark
    public Outcome frontDoorCacheHit(Cursor cursor) {
        return frontDoor.authenticate(requests.get(cursor.advance()));
    }
}
