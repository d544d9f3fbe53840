package dev.audguard.mcp;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;

import static dev.audguard.testsupport.issuer.ProxiedCertificates.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP servlet filter with a trusted proxy's certificate header (issue 16), on Jetty over real
 * HTTP: from a peer that is not a trusted proxy the MCP server never sees the header; from a trusted
 * proxy the header binds the token and stays visible.
 */
class McpProxyCertificateHeaderIT {
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    static RealmHandle demo;
    static TestCertificates.Issued alice;

    @BeforeAll
    static void realm() throws Exception {
        demo = issuer.realm("demo");
        alice = TestCertificates.newCa().issueClient("alice");
    }

    /** Stands in for the MCP transport: says whether the header reached it. */
    static final class HeaderEcho extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getInputStream().readAllBytes();
            boolean listed = Collections.list(request.getHeaderNames()).stream().anyMatch(HEADER::equalsIgnoreCase);
            byte[] body = ("header=" + (request.getHeader("x-ssl-client-cert") != null)
                    + " values=" + Collections.list(request.getHeaders(HEADER)).size() + " listed=" + listed)
                    .getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain;charset=UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    static HttpResponse<String> call(String trustedProxy, String token) throws Exception {
        try (JettyHost host = new JettyHost()) {
            int port = host.bind();
            URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
            TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("mcp-server").build();
            ClientCertificateHeader header = ClientCertificateHeader.nginx(HEADER).trustedProxies(trustedProxy).build();
            McpProtection protection = McpProtection.builder(validator).resource(endpoint.toString()).acceptAudience("mcp-server")
                    .scopes(OperationScopes.builder().always("mcp:tools").build())
                    .frontDoor(b -> b.senderBinding(SenderConstraints.builder().certificateBound(header).build().step()))
                    .build();
            host.serve(protection, new HeaderEcho());
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .header("Authorization", "Bearer " + token)
                    .header(HEADER, ProxiedCertificates.headerValue(alice))
                    .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build();
            return Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    static String token(boolean bound) throws Exception {
        var mint = demo.mint().audience("mcp-server").subjectId("user-1").scope("mcp:tools");
        if (bound) {
            ProxiedCertificates.boundTo(mint, alice);
        }
        return mint.sign();
    }

    @Test
    void headerFromAnUntrustedPeerNeverReachesTheMcpServer() throws Exception {
        HttpResponse<String> response = call("10.0.0.0/8", token(false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("header=false values=0 listed=false");
    }

    @Test
    void headerFromATrustedProxyBindsTheTokenAndStaysVisible() throws Exception {
        HttpResponse<String> response = call("127.0.0.1", token(true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("header=true values=1 listed=true");
    }
}
