package dev.audguard.servlet;

import dev.audguard.core.TokenValidator;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.ExchangingHttpClient;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A servlet service (audience service-b) calling a second one (audience service-c) with the token
 * of the request it serves, exchanged: the downstream sees alice, azp service-b, never the original.
 */
class DownstreamCallIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static JettyServer serviceC;
    private static JettyServer serviceB;

    /** Calls service C on behalf of the caller; answers with C's status and body. */
    static final class ForwardServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient ExchangingHttpClient http;
        private final URI downstream;

        ForwardServlet(ExchangingHttpClient http, URI downstream) {
            this.http = http;
            this.downstream = downstream;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (RequestSubjectTokens.of(request).isEmpty()) {
                response.sendError(500, "no subject");
                return;
            }
            try {
                // readme:downstream {
                SubjectToken subject = RequestSubjectTokens.of(request).orElseThrow();   // the token BearerTokenFilter accepted
                HttpResponse<String> answer = http.forSubject(subject)                    // http: an ExchangingHttpClient
                        .send(HttpRequest.newBuilder(downstream).build(), HttpResponse.BodyHandlers.ofString());
                // readme:downstream }
                response.setStatus(answer.statusCode());
                response.getOutputStream().write(answer.body().getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response.sendError(503);
            }
        }
    }

    @BeforeAll
    static void start() {
        RealmHandle demo = issuer.realm("demo");
        serviceC = JettyServer.start(JettyServer.App.of("/c", BearerTokenFilter.builder(
                TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-c").build()).build()));
        URI data = serviceC.uri("/c/api/data");
        DownstreamAuthorizer downstream = DownstreamAuthorizer.builder(TokenExchangeClient.builder()
                        .issuer(demo.issuerUrl()).clientSecret("service-b", "b-secret").build())
                .target("service-c", serviceC.uri("/c"), t -> t.audience("service-c"))
                .build();
        ExchangingHttpClient http = ExchangingHttpClient.builder(downstream).build();
        serviceB = JettyServer.start(JettyServer.App.withListener("/b", new jakarta.servlet.ServletContextListener() {
            @Override
            public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
                event.getServletContext().addFilter("audguard", BearerTokenFilter.builder(
                                TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build())
                        .unprotected("/open/*").build())
                        .addMappingForUrlPatterns(null, false, "/*");
            }
        }, Map.of("/forward", new ForwardServlet(http, data), "/open/forward", new ForwardServlet(http, data))));
    }

    @AfterAll
    static void stop() {
        serviceB.close();
        serviceC.close();
    }

    @Test
    void theDownstreamServiceSeesAnExchangedTokenForTheSameUser() {
        RealmHandle demo = issuer.realm("demo");
        String alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        HttpResponse<String> response = Http.bearer(serviceB.uri("/b/forward"), alice);

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> seenByC = Http.lines(response);
        assertThat(seenByC).containsEntry("subject", demo.subjectOf("alice")).containsEntry("authType", "BEARER");
    }

    @Test
    void theOriginalTokenWouldBeRefusedDownstream() {
        String alice = issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        assertThat(Http.bearer(serviceC.uri("/c/api/data"), alice).statusCode()).isEqualTo(401);
    }

    @Test
    void anUnprotectedPathHasNoSubjectToForward() {
        assertThat(Http.get(serviceB.uri("/b/open/forward")).statusCode()).isEqualTo(500);
    }
}
