package dev.audguard.servlet;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact answers the filter writes, byte for byte, where the conformance kit only checks their shape. */
class RefusalsIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static JettyServer jetty;

    @BeforeAll
    static void start() {
        RealmHandle demo = issuer.realm("demo");
        BearerTokenFilter filter = BearerTokenFilter.builder(
                TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build()).realm("demo").build();
        jetty = JettyServer.start(JettyServer.App.of("/app", filter));
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    @Test
    void noTokenGetsAChallengeWithoutError() {
        HttpResponse<String> response = Http.get(jetty.uri("/app/orders"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"demo\"");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(response.body()).isEqualTo("{}");
    }

    @Test
    void aTokenLargerThanTheValidatorAcceptsReachesTheFilterAndIsRefused() {
        String oversized = issuer.realm("demo").mint().audience("service-b").claim("padding", "A".repeat(20_000)).sign();

        HttpResponse<String> response = Http.bearer(jetty.uri("/app/orders"), oversized);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains(
                "Bearer realm=\"demo\", error=\"invalid_token\", error_description=\"The access token is too large.\"");
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"The access token is too large.\"}");
    }

    @Test
    void aMalformedHeaderIsAnInvalidRequest() {
        HttpResponse<String> response = Http.get(jetty.uri("/app/orders"), "Bearer a b");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"demo\", error=\"invalid_request\", "
                + "error_description=\"The request does not carry a bearer token in a valid way.\"");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void anotherSchemeIsNoBearerToken() {
        HttpResponse<String> response = Http.get(jetty.uri("/app/orders"), "Basic YWxpY2U6YWxpY2U=");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"demo\"");
    }
}
