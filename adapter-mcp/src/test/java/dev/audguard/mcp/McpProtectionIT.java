package dev.audguard.mcp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP authorization specification's resource-server duties, each over real HTTP against the MCP
 * Java SDK's own servlet behind {@link McpProtection} on Jetty, with tokens from the reference
 * issuer.
 */
class McpProtectionIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    private static McpServerFixture mcp;

    @BeforeAll
    static void start() throws Exception {
        mcp = new McpServerFixture(b -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        mcp.close();
    }

    private static HttpResponse<String> post(String body, String token, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(mcp.endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A session of {@code token}'s client: its id. */
    private static String initialize(String token) throws IOException, InterruptedException {
        HttpResponse<String> init = post(INITIALIZE, token);
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> initialized = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", token,
                "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18");
        assertThat(initialized.statusCode()).isBetween(200, 299);
        return session;
    }

    private static HttpResponse<String> callTool(String token, String session, String tool) throws IOException, InterruptedException {
        return post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"order\":\"o-1\"}}}", token, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18");
    }

    @Test
    void metadataIsServedAtThePathInsertedAndTheRootUriWithTheConfiguredResource() throws Exception {
        URI base = mcp.endpoint.resolve("/");
        for (String path : List.of(".well-known/oauth-protected-resource/mcp", ".well-known/oauth-protected-resource")) {
            HttpResponse<String> metadata = get(base.resolve(path));
            assertThat(metadata.statusCode()).as(path).isEqualTo(200);
            assertThat(metadata.body()).contains("\"resource\":\"" + mcp.endpoint + "\"")
                    .contains("\"authorization_servers\":[\"" + mcp.realm.issuerUrl() + "\"]")
                    .contains("\"scopes_supported\":[\"mcp:tools\",\"orders:refund\"]")
                    .contains("\"bearer_methods_supported\":[\"header\"]");
        }
    }

    @Test
    void metadataResourceIsNeverTakenFromTheHostHeader() throws Exception {
        // the JDK client will not send a forged Host; a raw socket does
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", mcp.endpoint.getPort())) {
            socket.getOutputStream().write(("GET /.well-known/oauth-protected-resource/mcp HTTP/1.1\r\nHost: evil.example\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"resource\":\"" + mcp.endpoint + "\"").doesNotContain("evil");
        }
    }

    @Test
    void withoutATokenThe401PointsAtTheMetadata() throws Exception {
        HttpResponse<String> refused = post(INITIALIZE, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer").contains("resource_metadata=\"" + mcp.endpoint.resolve("/.well-known/oauth-protected-resource/mcp") + "\"")
                .contains("scope=\"mcp:tools\"");
    }

    @Test
    void corsPreflightIsNeverAnswered401() throws Exception {
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(mcp.endpoint)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://client.example").header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isNotEqualTo(401);
        assertThat(preflight.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedEvenWithTheRightIssuer() throws Exception {
        HttpResponse<String> refused = post(INITIALIZE, mcp.token("elsewhere", "elsewhere-secret"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(mcp.metrics.refusalsByReason()).containsKey("audience_mismatch");
    }

    @Test
    void theCanonicalResourceUriIsAcceptedInAnySpellingOfSchemeHostPortAndTrailingSlash() throws Exception {
        String spelled = "HTTP://127.0.0.1:" + mcp.endpoint.getPort() + "/mcp/";
        String token = mcp.realm.mint().subjectId("user-1").authorizedParty("mcp-client").scope("mcp:tools").audience(spelled).sign();
        assertThat(post(INITIALIZE, token).statusCode()).isEqualTo(200);
        String otherPath = mcp.realm.mint().subjectId("user-1").authorizedParty("mcp-client").scope("mcp:tools")
                .audience("http://127.0.0.1:" + mcp.endpoint.getPort() + "/mcp/other").sign();
        assertThat(post(INITIALIZE, otherPath).statusCode()).isEqualTo(401);
    }

    @Test
    void batchesAreRefusedWith400() throws Exception {
        HttpResponse<String> refused = post("[" + INITIALIZE + "]", mcp.token("mcp-client", "client-secret"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("JSON-RPC batches are not accepted.");
    }

    @Test
    void mcpMethodAndNameHeadersMustMatchTheBodyBeforeAnyToolRuns() throws Exception {
        String token = mcp.token("mcp-client", "client-secret", "orders:refund");
        String session = initialize(token);
        String call = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"refund_order\",\"arguments\":{}}}";
        HttpResponse<String> mismatch = post(call, token, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18",
                "Mcp-Method", "tools/call", "Mcp-Name", "whoami");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("does not match the request body").doesNotContain("refunded");
        HttpResponse<String> matching = post(call, token, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18",
                "Mcp-Method", "tools/call", "Mcp-Name", "refund_order");
        assertThat(matching.statusCode()).isEqualTo(200);
        assertThat(matching.body()).contains("refunded");
    }

    @Test
    void aToolThatNeedsAnotherScopeGets403NamingEveryRequiredScope() throws Exception {
        String token = mcp.token("mcp-client", "client-secret");
        String session = initialize(token);
        HttpResponse<String> refused = callTool(token, session, "refund_order");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").contains("scope=\"mcp:tools orders:refund\"")
                .contains("resource_metadata=");
        assertThat(mcp.metrics.refusalsByTool()).containsKey("refund_order");

        String stepped = mcp.token("mcp-client", "client-secret", "orders:refund");
        HttpResponse<String> allowed = callTool(stepped, initialize(stepped), "refund_order");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("refunded o-1");
    }

    @Test
    void aSessionCannotBeUsedWithAnotherClientsToken() throws Exception {
        String alice = mcp.token("mcp-client", "client-secret");
        String session = initialize(alice);
        assertThat(callTool(alice, session, "whoami").statusCode()).isEqualTo(200);

        HttpResponse<String> hijack = callTool(mcp.token("other-client", "other-secret"), session, "whoami");
        assertThat(hijack.statusCode()).isEqualTo(404);
        assertThat(hijack.body()).doesNotContain("azp=");
        HttpResponse<String> madeUp = callTool(alice, "made-up-session", "whoami");
        assertThat(madeUp.statusCode()).isEqualTo(404);
    }

    @Test
    void everyRequestIsCheckedWithItsOwnTokenNotTheSession() throws Exception {
        String token = mcp.token("mcp-client", "client-secret");
        String session = initialize(token);
        HttpResponse<String> noToken = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", null,
                "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18");
        assertThat(noToken.statusCode()).isEqualTo(401);
    }

    @Test
    void aToolCallsDownstreamWithAnExchangedTokenNeverTheClientsOwn() throws Exception {
        String token = mcp.token("mcp-client", "client-secret");
        HttpResponse<String> result = callTool(token, initialize(token), "token_for_c");
        assertThat(result.statusCode()).isEqualTo(200);
        String sub = String.valueOf(McpServerFixture.claims(token).get("sub"));
        assertThat(result.body()).containsPattern("aud=\\[?service-c\\]? azp=mcp-server sub=" + sub);
    }

    @Test
    void aBodyPastTheLimitIs413AndMalformedJsonIs400() throws Exception {
        String token = mcp.token("mcp-client", "client-secret");
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"pad\":\"" + "a".repeat(1024 * 1024) + "\"}";
        assertThat(post(huge, token).statusCode()).isEqualTo(413);
        HttpResponse<String> malformed = post("{\"jsonrpc\":", token);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).doesNotContain("jsonrpc");
    }

    @Test
    void refusalsNeverEchoTheToken() throws Exception {
        String token = mcp.token("elsewhere", "elsewhere-secret");
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(post(INITIALIZE, token));
        answers.add(post("[1]", token));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.body()).doesNotContain(token);
            answer.headers().map().values().forEach(values -> assertThat(String.join(",", values)).doesNotContain(token));
        }
    }
}
