package dev.audguard.servlet;

import dev.audguard.core.TokenValidator;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.ExchangeRequest;
import dev.audguard.exchange.ExchangingHttpClient;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.exchange.TokenExchangeException;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.Http;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token exchange that fails behind {@link BearerTokenFilter}, thrown by the application itself
 * (directly or wrapped in a {@code ServletException}), is answered by category as every adapter
 * answers it, never as the container's 500. Each container's IT runs these cases over real HTTP
 * against the reference issuer.
 */
abstract class ExchangeFailureCases extends ContainerCases {
    ExchangeFailureCases(ServletContainer.Starter starter) {
        super(starter);
    }

    @Override
    List<ServletContainer.App> applications() {
        return List.of(new ServletContainer.App("/app", filter(issuer.realm("demo")), servlets(issuer.realm("demo"))));
    }

    static BearerTokenFilter filter(RealmHandle demo) {
        return BearerTokenFilter.builder(TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build())
                .realm("demo").build();
    }

    /** The application: {@code /fail/<case>} makes a real exchange that fails, and throws. */
    static Map<String, HttpServlet> servlets(RealmHandle demo) {
        return Map.of("/fail/*", new FailingServlet(demo));
    }

    static final class FailingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient RealmHandle demo;
        private final transient TokenExchangeClient serviceB;
        private final transient TokenExchangeClient wrongSecret;
        private final transient TokenExchangeClient unreachable;
        private final transient ExchangingHttpClient http;

        FailingServlet(RealmHandle demo) {
            this.demo = demo;
            this.serviceB = TokenExchangeClient.builder().issuer(demo.issuerUrl()).clientSecret("service-b", "b-secret").build();
            this.wrongSecret = TokenExchangeClient.builder().issuer(demo.issuerUrl()).clientSecret("service-b", "not-the-secret").build();
            this.unreachable = TokenExchangeClient.builder().issuer("http://127.0.0.1:" + closedPort() + "/realms/demo")
                    .clientSecret("service-b", "b-secret").disableRetries().build();
            this.http = ExchangingHttpClient.builder(DownstreamAuthorizer.builder(serviceB)
                    .target("service-c", URI.create("http://127.0.0.1:9/c"), t -> t.audience("service-c")).build()).build();
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
            String subject = BearerTokenFilter.verifiedToken(request).orElseThrow().rawToken();
            switch (request.getPathInfo()) {
                case "/rejected" -> serviceB.exchange(ExchangeRequest.forSubject(demo.mint().subject("alice")
                        .asIssuedTo("service-a").expiresAt(Instant.now().minusSeconds(120)).sign()).audience("service-c").build());
                case "/misconfigured" -> wrongSecret.exchange(ExchangeRequest.forSubject(subject).audience("service-c").build());
                case "/unavailable" -> unreachable.exchange(ExchangeRequest.forSubject(subject).audience("service-c").build());
                case "/wrapped" -> {
                    try {
                        wrongSecret.exchange(ExchangeRequest.forSubject(subject).audience("service-c").build());
                    } catch (TokenExchangeException e) {
                        throw new ServletException("the downstream call failed", e);
                    }
                }
                case "/unknown-downstream" -> {
                    try {
                        http.forSubject(RequestSubjectTokens.of(request).orElseThrow())
                                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/elsewhere")).build(),
                                        HttpResponse.BodyHandlers.discarding());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                default -> throw new IllegalStateException("a bug of the application");
            }
            response.getWriter().write("the exchange unexpectedly worked");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private HttpResponse<String> call(String path) {
        String alice = issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        return Http.bearer(uri(path), alice);
    }

    private static void assertAnswer(HttpResponse<String> response, int status, String challenge, String body) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains(challenge);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void aSubjectTokenTheIssuerRefusesIsAnswered401InvalidToken() {
        assertAnswer(call("/app/fail/rejected"), 401,
                "Bearer realm=\"demo\", error=\"invalid_token\", error_description=\"The issuer refused the subject token.\"",
                "{\"error\":\"invalid_token\",\"error_description\":\"The issuer refused the subject token.\"}");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "/app/fail/misconfigured, a misconfigured exchange",
            "/app/fail/wrapped, a failure wrapped in a ServletException",
            "/app/fail/unknown-downstream, a call to an unknown downstream"})
    void aMisconfiguredExchangeIsAnswered502WithoutItsDetail(String path, String failure) {
        HttpResponse<String> response = call(path);

        assertAnswer(response, 502, "Bearer realm=\"demo\"",
                "{\"error\":\"bad_gateway\",\"error_description\":\"The token exchange is misconfigured.\"}");
        // the downstream URL the unknown-downstream call named (".../elsewhere") stays out of the answer
        assertThat(response.body()).doesNotContain("elsewhere");
    }

    @Test
    void anUnavailableIssuerIsAnswered503WithRetryAfter() {
        HttpResponse<String> response = call("/app/fail/unavailable");

        assertAnswer(response, 503, "Bearer realm=\"demo\"",
                "{\"error\":\"temporarily_unavailable\",\"error_description\":\"The token issuer is unavailable; try again later.\"}");
        assertThat(response.headers().firstValue("Retry-After")).contains("10");
    }

    @Test
    void anyOtherExceptionIsLeftToTheContainer() {
        HttpResponse<String> response = call("/app/fail/bug");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }
}
