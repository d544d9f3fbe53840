package dev.audguard.spring;

import dev.audguard.testsupport.Http;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The Actuator health contributor and the Micrometer meters of {@link ServiceB}. */
class ObservabilityIT extends ServiceBTestBase {

    @Autowired
    MeterRegistry meters;

    @Test
    void healthShowsEveryKeySource() {
        assertThat(Http.bearer(uri("/api/orders"), alice()).statusCode()).isEqualTo(200);

        HttpResponse<String> health = Http.get(uri("/actuator/health"));

        assertThat(health.body()).contains("\"audguard\"")
                .contains(TestIssuers.demo().issuerUrl())
                .contains("\"status\":\"UP\"");
    }

    @Test
    void countsValidationsByOutcomeAndReason() {
        double accepted = count("audguard.validations", "outcome", "accepted");
        double mismatches = count("audguard.validations", "reason", "audience_mismatch");

        Http.bearer(uri("/api/orders"), alice());
        Http.bearer(uri("/api/orders"), TestIssuers.demo().clientCredentials("service-b", "b-secret").accessToken());

        assertThat(count("audguard.validations", "outcome", "accepted")).isEqualTo(accepted + 1);
        assertThat(count("audguard.validations", "reason", "audience_mismatch")).isEqualTo(mismatches + 1);
        assertThat(count("audguard.key.fetches", "outcome", "success")).isPositive();
    }

    @Test
    void countsExchangeCacheHitsAndMisses() {
        String token = alice();
        double misses = count("audguard.exchange.cache", "result", "miss");
        double hits = count("audguard.exchange.cache", "result", "hit");

        assertThat(Http.bearer(uri("/call-c/whoami"), token).statusCode()).isEqualTo(200);
        assertThat(Http.bearer(uri("/call-c/whoami"), token).statusCode()).isEqualTo(200);

        assertThat(count("audguard.exchange.cache", "result", "miss")).isEqualTo(misses + 1);
        assertThat(count("audguard.exchange.cache", "result", "hit")).isEqualTo(hits + 1);
    }

    private double count(String name, String tag, String value) {
        return meters.find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
