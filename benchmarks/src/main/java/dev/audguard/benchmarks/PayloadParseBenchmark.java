package dev.audguard.benchmarks;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.internal.JsonObjects;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The payload-parsing lever of issue 21 in isolation: one Keycloak-shaped payload (about 950 bytes
 * of JSON), decoded, through Nimbus's {@code JSONObjectUtils} (its shaded Gson, what sdk-core used)
 * and through sdk-core's {@code JsonObjects} (Jackson 2 streaming core, what it uses now).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PayloadParseBenchmark extends FullRun {
    byte[] json;

    @Setup(Level.Trial)
    public void setUp() {
        String token = Fixture.create("RS256", 1).tokens.get(0);
        String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
        json = Base64.getUrlDecoder().decode(payload);
    }

    @Benchmark
    public Map<String, Object> nimbusGson() throws ParseException {
        return JSONObjectUtils.parse(new String(json, StandardCharsets.UTF_8));
    }

    @Benchmark
    public Map<String, Object> jacksonStreaming() throws IOException {
        return JsonObjects.parse(json, 0, json.length);
    }
}
