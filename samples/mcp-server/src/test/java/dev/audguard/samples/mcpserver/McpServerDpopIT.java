package dev.audguard.samples.mcpserver;

import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP server takes a DPoP-bound token (RFC 9449) with a fresh proof for {@code POST} at its
 * resource URI. The rules themselves (replay, a bound token as Bearer, ...) are sdk-core's front
 * door's, which adapter-mcp hands every request to. Its RFC 9728 metadata lists DPoP beside the
 * operations' scopes.
 */
class McpServerDpopIT {
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20)).build();

    @Test
    void aBoundTokenWithAFreshProofIsServed() throws Exception {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(Realm.fromFile(Path.of("realm-mcp.json"))).start();
             McpServerSample mcp = McpServerSample.start(new McpServerSample.Options("127.0.0.1", 0,
                     issuer.realm("mcp").issuerUrl(), URI.create("http://127.0.0.1:9/"), null, "mcp-server-secret"))) {
            DpopProofSigner key = DpopProofSigner.generate();
            String bound = issuer.realm("mcp").mint().subjectId("user-1").audience("mcp-server").scope("mcp:tools")
                    .claim("cnf", Map.of("jkt", key.thumbprint())).sign();

            HttpResponse<String> served = send(HttpRequest.newBuilder(mcp.endpoint())
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .header("Authorization", "DPoP " + bound).header("DPoP", key.proof("POST", mcp.endpoint(), bound, null))
                    .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)));

            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(served.body()).contains("audguard-sample-mcp-server");

            HttpResponse<String> metadata = send(HttpRequest.newBuilder(
                    mcp.endpoint().resolve("/.well-known/oauth-protected-resource/mcp")).GET());
            assertThat(metadata.statusCode()).isEqualTo(200);
            assertThat(metadata.body()).contains("\"dpop_signing_alg_values_supported\":[\"ES256\"]", "\"scopes_supported\"");
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
