package dev.audguard.spring;

import com.nimbusds.jose.util.Base64URL;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ServiceB} calling {@link ServiceC} (a second Spring Boot service requiring audience
 * service-c) with tokens it exchanged as service-b: never with the token it received.
 */
class ExchangeIT extends ServiceBTestBase {

    @Test
    void restClientCallsTheTargetWithAnExchangedTokenNeverTheSubjectToken() {
        String subject = alice();

        HttpResponse<String> response = Http.bearer(uri("/call-c/whoami"), subject);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"name\":\"alice\"").contains("service-c");
        List<String> received = ServiceC.received().authorizations();
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).startsWith("Bearer ").isNotEqualTo("Bearer " + subject);
        assertThat(payload(received.get(0))).contains("\"aud\":\"service-c\"").contains("\"azp\":\"service-b\"");
    }

    @Test
    void webClientCallsTheTargetWithAnExchangedToken() {
        String subject = alice();

        HttpResponse<String> response = Http.bearer(uri("/call-c-reactive/whoami"), subject);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"name\":\"alice\"");
        assertThat(ServiceC.received().authorizations()).singleElement()
                .satisfies(header -> assertThat(header).isNotEqualTo("Bearer " + subject));
    }

    @Test
    void webClientResendsOnceAfterARefusalAndRefusesUrlsUnderNoTarget() {
        HttpResponse<String> flaky = Http.bearer(uri("/call-c-reactive/flaky"), alice());

        assertThat(flaky.statusCode()).isEqualTo(200);
        assertThat(flaky.body()).isEqualTo("accepted on attempt 2");
        assertThat(ServiceC.received().authorizations()).hasSize(2).doesNotHaveDuplicates();
        ServiceC.received().reset();
        assertThat(Http.bearer(uri("/call-c-reactive/refuses"), alice()).statusCode()).isEqualTo(401);
        assertThat(ServiceC.received().authorizations()).hasSize(2);
        assertThat(Http.bearer(uri("/call-elsewhere-reactive"), alice()).body()).isEqualTo("refused: not a target");
    }

    @Test
    void resendsOnceWithAFreshTokenWhenTheTargetRefusesTheToken() {
        HttpResponse<String> response = Http.bearer(uri("/call-c/flaky"), alice());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("accepted on attempt 2");
        List<String> received = ServiceC.received().authorizations();
        assertThat(received).hasSize(2);
        assertThat(received.get(1)).isNotEqualTo(received.get(0));
    }

    @Test
    void aSecondRefusalGoesBackToTheCallerWithoutLooping() {
        HttpResponse<String> response = Http.bearer(uri("/call-c/refuses"), alice());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(ServiceC.received().authorizations()).hasSize(2);
    }

    @Test
    void refusesUrlsUnderNoTargetWithoutSendingAnything() {
        HttpResponse<String> response = Http.bearer(uri("/call-elsewhere"), alice());

        assertThat(response.body()).isEqualTo("refused: not a target");
    }

    @Test
    void aFailedExchangeAnswersWithItsCategoryNotA500() {
        HttpResponse<String> response = Http.bearer(uri("/call-c/nowhere"), alice());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("{\"error\":\"bad_gateway\",\"error_description\":\"The token exchange is misconfigured.\"}");
        assertThat(ServiceC.received().authorizations()).isEmpty();
    }

    private static String payload(String authorization) {
        String token = authorization.substring("Bearer ".length());
        return new Base64URL(token.split("\\.")[1]).decodeToString();
    }
}
