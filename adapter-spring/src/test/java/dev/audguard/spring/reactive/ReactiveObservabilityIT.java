package dev.audguard.spring.reactive;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * audguard's Actuator health contributor and Micrometer meters in a WebFlux service on Reactor
 * Netty, read over HTTP from the Actuator endpoints as an operator would.
 */
class ReactiveObservabilityIT {
    private static final Pattern COUNT = Pattern.compile("\"statistic\":\"COUNT\",\"value\":([0-9.]+)");
    @RegisterExtension
    static final ReactiveService service = new ReactiveService();
    private static RealmHandle demo;
    private static RealmHandle down;

    @BeforeAll
    static void start() {
        ReactiveService.DemoAndDown realms = service.startBesideADownIssuer(
                "audguard.default-chain.permit-all", "/actuator/**",
                "management.endpoints.web.exposure.include", "health,metrics",
                "management.endpoint.health.show-components", "always",
                "management.endpoint.health.show-details", "always");
        demo = realms.demo();
        down = realms.down();
    }

    private static String token(RealmHandle realm, String audience) {
        return realm.mint().subject("alice").audience(audience).sign();
    }

    @Test
    void healthShowsEveryKeySourceAndTheOneThatIsDown() {
        assertThat(Http.bearer(service.uri("/api/data"), token(demo, "reactive-service")).statusCode()).isEqualTo(200);
        assertThat(Http.bearer(service.uri("/api/data"), token(down, "reactive-service")).statusCode())
                .isEqualTo(503);

        HttpResponse<String> health = Http.get(service.uri("/actuator/health/audguard"));

        // one key source without usable keys: its issuer's tokens answer 503, so audguard is DOWN
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).endsWith(",\"status\":\"DOWN\"}")
                .contains("\"" + demo.jwksUri() + "\":{\"status\":\"UP\",\"keys\":1,")
                .contains("\"" + down.discoveryUri() + "\":{\"status\":\"DOWN\",\"keys\":0,")
                .contains("\"lastProblem\":\"discovery failed: I/O error from ");
    }

    @Test
    void countsARefusalByReasonOnTheMetricsEndpoint() {
        double before = count("/actuator/metrics/audguard.validations?tag=reason:audience_mismatch");

        HttpResponse<String> refused = Http.bearer(service.uri("/api/data"), token(demo, "someone-else"));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(count("/actuator/metrics/audguard.validations?tag=reason:audience_mismatch")).isEqualTo(before + 1);
        assertThat(Http.get(service.uri("/actuator/metrics/audguard.validations?tag=outcome:rejected")).body())
                .contains("\"availableTags\"");
    }

    /** The COUNT statistic of a counter; 0 before its first increment (Actuator answers 404 then). */
    private static double count(String path) {
        HttpResponse<String> response = Http.get(service.uri(path));
        if (response.statusCode() == 404) {
            return 0;
        }
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher matcher = COUNT.matcher(response.body());
        assertThat(matcher.find()).as(response.body()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
