package dev.audguard.core;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * With every logger at DEBUG, introspection's failures (refused answers, HTTP errors, an unreadable
 * answer, failed discovery) log neither the tokens, nor the client secret, nor the private key,
 * nor the client assertion; and {@code toString()} of the introspector names none of them.
 */
class IntrospectionNoSecretsInLogsIT {
    private static final String PATH = "/realms/demo/protocol/openid-connect/token/introspect";
    private static final String SECRET = "s3cr3t-introspection-secret";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private WireMockServer wiremock;

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        wiremock.stop();
    }

    private static void refused(Runnable call) {
        assertThat(catchThrowableOfType(TokenValidationException.class, call::run)).isNotNull();
    }

    @Test
    void failuresAndRefusalsLogNoTokenSecretKeyOrAssertion() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        String issuer = wiremock.baseUrl() + "/realms/demo";
        URI endpoint = URI.create(wiremock.baseUrl() + PATH);
        TokenIntrospector bySecret = TokenIntrospector.builder(issuer).endpoint(endpoint)
                .clientSecretPost("orders-api", SECRET).audience("orders-api").build();
        TokenIntrospector byKey = TokenIntrospector.builder(issuer).endpoint(endpoint)
                .privateKeyJwt("orders-api", key.toJSONString()).audience("orders-api").build();
        TokenIntrospector discovering = TokenIntrospector.builder(issuer).discoverEndpoint()
                .clientSecretBasic("orders-api", SECRET).audience("orders-api").build();
        String[] tokens = {"opaque-token-inactive-1", "opaque-token-http-500-2", "opaque-token-html-3",
            "opaque-token-other-aud-4", "opaque-token-discovery-5"};

        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"active\":false}")));
        refused(() -> bySecret.introspect(tokens[0], Requirements.none()));
        refused(() -> byKey.introspect(tokens[0] + "k", Requirements.none()));
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500).withBody("echo " + SECRET)));
        refused(() -> bySecret.introspect(tokens[1], Requirements.none()));
        refused(() -> byKey.introspect(tokens[1] + "k", Requirements.none()));
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("<html>" + SECRET)));
        refused(() -> bySecret.introspect(tokens[2], Requirements.none()));
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"active\":true,\"aud\":\"payments\",\"exp\":4102444800}")));
        refused(() -> byKey.introspect(tokens[3], Requirements.none()));
        wiremock.stubFor(get(urlEqualTo("/realms/demo/.well-known/openid-configuration"))
                .willReturn(aResponse().withStatus(500).withBody(SECRET)));
        refused(() -> discovering.introspect(tokens[4], Requirements.none()));

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("Introspected token refused: inactive").contains("answered HTTP 500")
                .contains("Introspection endpoint of " + issuer + " not found");
        for (String token : tokens) {
            assertThat(log).doesNotContain(token);
        }
        assertThat(log).doesNotContain(SECRET).doesNotContain(key.getPrivateExponent().toString())
                .doesNotContain(key.getFirstPrimeFactor().toString());
        for (LoggedRequest request : wiremock.findAll(postRequestedFor(urlEqualTo(PATH)))) {
            String body = URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8);
            int at = body.indexOf("client_assertion=");
            if (at >= 0) {
                String assertion = body.substring(at + "client_assertion=".length()).split("&")[0];
                assertThat(log).doesNotContain(assertion).doesNotContain(assertion.substring(assertion.lastIndexOf('.') + 1));
            }
        }
        for (TokenIntrospector introspector : new TokenIntrospector[] {bySecret, byKey, discovering}) {
            assertThat(introspector.toString()).doesNotContain(SECRET).doesNotContain(key.getPrivateExponent().toString());
            assertThat(introspector.health().toString()).doesNotContain(SECRET);
        }
    }
}
