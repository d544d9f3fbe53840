package dev.audguard.conformance;

import dev.audguard.conformance.MiniAdapter.Flaw;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit against a correct adapter (every case passes) and against adapters with one flaw each
 * (the cases that guard that rule fail). Without the second half, a kit that asserts nothing
 * would pass too.
 */
class AdapterConformanceIT {
    // Shared by every test: each test starts its own adapter, whose validator has fetched no keys
    // yet, so the kit's key rotation at the start of each run is seen by that adapter.
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();
    @RegisterExtension
    static ReferenceIssuerExtension coldIssuer = ReferenceIssuerExtension.builtInDemo();

    @Test
    void everyCasePassesAgainstACorrectAdapter() {
        RealmHandle demo = issuer.realm("demo");
        RealmHandle cold = coldIssuer.realm("demo");
        try (MiniAdapter adapter = MiniAdapter.start(demo, "service-b", Flaw.NONE);
             MiniAdapter coldAdapter = MiniAdapter.start(cold, "service-b", Flaw.NONE)) {
            Stream<DynamicTest> tests = AdapterConformance.builder()
                    .realm(demo)
                    .protectedUrl(adapter.uri("/orders"))
                    .audience("service-b")
                    .scopeRequiredAt(adapter.uri("/scoped/report"), "admin", "audit")
                    .keysUnavailableAt(coldAdapter.uri("/orders"), cold)
                    .build()
                    .tests();

            Map<String, Throwable> outcomes = run(tests);

            assertThat(outcomes).hasSizeGreaterThanOrEqualTo(70);
            assertThat(failures(outcomes)).isEmpty();
            assertThat(outcomes.keySet()).contains("2xx: the right token from a real grant",
                    "401 invalid_token: alg none", "401 invalid_token: signed by a retired key",
                    "403 insufficient_scope: the right token where admin audit is required",
                    "503 with Retry-After: the issuer's keys cannot be fetched");
        }
    }

    @Test
    void catchesAnAdapterThatSkipsTheAudienceCheck() {
        Map<String, Throwable> outcomes = runAgainst(Flaw.NO_AUDIENCE_CHECK);

        assertThat(failures(outcomes)).contains("401 invalid_token: aud missing", "401 invalid_token: aud of another service",
                "401 invalid_token: aud in another case", "401 invalid_token: aud an empty array",
                "401 invalid_token: a real token for another service: client credentials of service-b (aud service-c)",
                "401 invalid_token: a real token for another service: alice's token exchanged by service-b for service-c");
        assertThat(failures(outcomes)).doesNotContain("401 invalid_token: alg none", "2xx: the right token from a real grant");
    }

    @Test
    void catchesAnAdapterThatReadsTokensFromTheQuery() {
        assertThat(failures(runAgainst(Flaw.READS_TOKEN_FROM_QUERY))).containsExactly(
                "400 invalid_request: access_token in the query string",
                "400 invalid_request: access_token in the query string beside the header");
    }

    @Test
    void catchesAnAdapterThatEchoesTheToken() {
        List<String> failed = failures(runAgainst(Flaw.ECHOES_TOKEN_IN_ERRORS));

        assertThat(failed).contains("401 invalid_token: alg none", "401 invalid_token: expired beyond the clock skew",
                "401 invalid_token: a real token for another service: client credentials of service-b (aud service-c)");
    }

    @Test
    void catchesStackTraces() {
        assertThat(failures(runAgainst(Flaw.STACK_TRACE_FOR_MALFORMED_TOKENS)))
                .contains("401 invalid_token: only dots", "401 invalid_token: two parts", "401 invalid_token: payload not JSON");
    }

    @Test
    void catchesAnErrorInTheChallengeWhenNoTokenWasSent() {
        assertThat(failures(runAgainst(Flaw.ERROR_WITHOUT_TOKEN)))
                .containsExactly("401 without error: no Authorization header", "401 without error: Basic credentials only");
    }

    @Test
    void catchesAnAdapterThatPicksOneOfSeveralHeaders() {
        assertThat(failures(runAgainst(Flaw.TAKES_FIRST_OF_SEVERAL_HEADERS)))
                .containsExactly("400 invalid_request: two Authorization headers");
    }

    @Test
    void catchesCacheableRefusals() {
        assertThat(failures(runAgainst(Flaw.SKIPS_NO_STORE))).contains("401 invalid_token: alg none",
                "400 invalid_request: Bearer without a token", "401 without error: no Authorization header");
    }

    @Test
    void failsEveryCaseWithAClearMessageWhenTheRightTokenIsForAnotherAudience() {
        RealmHandle demo = issuer.realm("demo");
        try (MiniAdapter adapter = MiniAdapter.start(demo, "reports-api", Flaw.NONE)) {
            Map<String, Throwable> outcomes = run(AdapterConformance.builder().realm(demo)
                    .protectedUrl(adapter.uri("/orders")).audience("reports-api").build().tests());

            assertThat(outcomes.get("2xx: the right token from a real grant"))
                    .hasMessageContaining("the conformance kit could not prepare")
                    .hasMessageContaining("not reports-api");
        }
    }

    @Test
    void runsForAnotherAudienceWithAMatchingGrant() {
        RealmHandle demo = issuer.realm("demo");
        try (MiniAdapter adapter = MiniAdapter.start(demo, "reports-api", Flaw.NONE)) {
            Map<String, Throwable> outcomes = run(AdapterConformance.builder().realm(demo)
                    .protectedUrl(adapter.uri("/orders")).audience("reports-api")
                    .rightToken(TokenSource.passwordGrant("service-a", "a-secret", "bob", "bob"))
                    .build().tests());

            assertThat(failures(outcomes)).isEmpty();
        }
    }

    @Test
    void leavesKeysAloneWhenTheRetiredKeyCaseIsSkipped() {
        RealmHandle demo = issuer.realm("demo");
        String kid = demo.keys().activeKeyId();
        try (MiniAdapter adapter = MiniAdapter.start(demo, "service-b", Flaw.NONE)) {
            Map<String, Throwable> outcomes = run(AdapterConformance.builder().realm(demo)
                    .protectedUrl(adapter.uri("/orders")).audience("service-b").skipRetiredKeyCase().build().tests());

            assertThat(failures(outcomes)).isEmpty();
            assertThat(outcomes).doesNotContainKey("401 invalid_token: signed by a retired key");
        }
        assertThat(demo.keys().publishedKeyIds()).containsExactly(kid);
    }

    private Map<String, Throwable> runAgainst(Flaw flaw) {
        RealmHandle demo = issuer.realm("demo");
        try (MiniAdapter adapter = MiniAdapter.start(demo, "service-b", flaw)) {
            Map<String, Throwable> outcomes = run(AdapterConformance.builder().realm(demo)
                    .protectedUrl(adapter.uri("/orders")).audience("service-b").build().tests());
            assertThat(outcomes.get("2xx: the minted control token every hostile case bends")).isNull();
            return outcomes;
        }
    }

    /** Runs each dynamic test as JUnit would, keeping what it threw (null: passed), by display name. */
    static Map<String, Throwable> run(Stream<DynamicTest> tests) {
        Map<String, Throwable> outcomes = new LinkedHashMap<>();
        tests.forEach(test -> {
            Throwable thrown = null;
            try {
                test.getExecutable().execute();
            } catch (Throwable t) {
                thrown = t;
            }
            assertThat(outcomes.put(test.getDisplayName(), thrown)).as("unique name " + test.getDisplayName()).isNull();
        });
        return outcomes;
    }

    static List<String> failures(Map<String, Throwable> outcomes) {
        return outcomes.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
    }
}
