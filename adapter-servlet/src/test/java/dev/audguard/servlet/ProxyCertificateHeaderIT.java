package dev.audguard.servlet;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.binding.ClientCertificateHeader;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.TestCertificates;
import dev.audguard.testsupport.issuer.ProxiedCertificates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;

import static dev.audguard.testsupport.issuer.ProxiedCertificates.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trusted proxy's client-certificate header (issue 16: "the header from anyone else is ignored and
 * stripped"), over real HTTP on Jetty: from a peer that is not a trusted proxy the application never
 * sees it, on protected and unprotected paths alike; from a trusted proxy it binds the token and the
 * application still sees it (the proxy's own statement).
 */
class ProxyCertificateHeaderIT {

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    static RealmHandle demo;
    static JettyServer jetty;
    static TestCertificates.Issued alice;
    static TestCertificates.Issued bob;

    /** Says whether the application saw the header, through each way a servlet can look. */
    static final class HeaderEcho extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            boolean listed = Collections.list(request.getHeaderNames()).stream().anyMatch(HEADER::equalsIgnoreCase);
            String body = "header=" + (request.getHeader("x-ssl-client-cert") != null)
                    + " values=" + Collections.list(request.getHeaders(HEADER)).size()
                    + " listed=" + listed
                    + " principal=" + (request.getUserPrincipal() == null ? "" : request.getUserPrincipal().getName());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain;charset=UTF-8");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        demo = issuer.realm("demo");
        TestCertificates ca = TestCertificates.newCa();
        alice = ca.issueClient("alice");
        bob = ca.issueClient("bob");
        jetty = JettyServer.start(
                JettyServer.App.of("/trusting", filter("127.0.0.1", "::1"), servlets()),
                JettyServer.App.of("/distrusting", filter("10.0.0.0/8"), servlets()));
    }

    static BearerTokenFilter filter(String... trustedProxies) {
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build();
        ClientCertificateHeader header = ClientCertificateHeader.nginx(HEADER).trustedProxies(trustedProxies).build();
        return BearerTokenFilter.builder(validator).unprotected("/open")
                .senderBinding(SenderConstraints.builder().certificateBound(header).build().step()).build();
    }

    static Map<String, HttpServlet> servlets() {
        return Map.of("/headers", new HeaderEcho(), "/open", new HeaderEcho());
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    static HttpResponse<String> call(String path, String token, TestCertificates.Issued certificate) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(jetty.uri(path)).timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (certificate != null) {
            request.header(HEADER, ProxiedCertificates.headerValue(certificate));
        }
        return Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String unbound() {
        return demo.mint().audience("service-b").subjectId("carol").sign();
    }

    static String boundTo(TestCertificates.Issued certificate) {
        return ProxiedCertificates.boundTo(demo.mint().audience("service-b").subjectId("alice"), certificate).sign();
    }

    @Test
    void headerFromAnUntrustedPeerNeverReachesTheApplication() throws Exception {
        HttpResponse<String> response = call("/distrusting/headers", unbound(), alice);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("header=false values=0 listed=false principal=carol");
    }

    @Test
    void headerFromAnUntrustedPeerIsHiddenOnUnprotectedPathsToo() throws Exception {
        HttpResponse<String> response = call("/distrusting/open", null, alice);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("header=false values=0 listed=false principal=");
    }

    @Test
    void headerFromAnUntrustedPeerDoesNotBindTheToken() throws Exception {
        HttpResponse<String> response = call("/distrusting/headers", boundTo(alice), alice);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The access token is bound to a client certificate and none was presented.");
    }

    @Test
    void headerFromATrustedProxyBindsTheTokenAndStaysVisible() throws Exception {
        HttpResponse<String> response = call("/trusting/headers", boundTo(alice), alice);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("header=true values=1 listed=true principal=alice");
    }

    @Test
    void headerFromATrustedProxyWithAnotherCertificateIsRefused() throws Exception {
        HttpResponse<String> response = call("/trusting/headers", boundTo(alice), bob);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The access token is bound to another client certificate.");
    }

    @Test
    void requestsWithoutTheHeaderAreUntouched() throws Exception {
        HttpResponse<String> response = call("/distrusting/headers", unbound(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("header=false values=0 listed=false principal=carol");
    }
}
