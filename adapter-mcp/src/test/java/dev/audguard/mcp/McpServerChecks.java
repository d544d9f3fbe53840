package dev.audguard.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The MCP authorization specification's resource-server duties, each over real HTTP against the MCP
 * Java SDK's own servlet behind {@link McpProtection}, with tokens from the reference issuer; and the
 * MCP Java SDK's own client against the same server. Every container runs all of them: Jetty
 * ({@link McpProtectionIT}), Tomcat ({@link McpTomcatIT}) and Spring Boot ({@link McpSpringBootIT}).
 */
abstract class McpServerChecks {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String PROTOCOL_VERSION = "2025-06-18";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"" + PROTOCOL_VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    /** The server under test, started once per concrete class. */
    protected abstract McpTarget target();

    private HttpResponse<String> post(String body, String token, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target().endpoint())
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

    /** A POST in {@code session}: its id and the protocol version, then {@code headers}. */
    private HttpResponse<String> postInSession(String body, String token, String session, String... headers)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("Mcp-Session-Id", session, "MCP-Protocol-Version", PROTOCOL_VERSION));
        all.addAll(List.of(headers));
        return post(body, token, all.toArray(String[]::new));
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A session of {@code token}'s client: its id. */
    private String initialize(String token) throws IOException, InterruptedException {
        HttpResponse<String> init = post(INITIALIZE, token);
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> initialized = postInSession("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", token, session);
        assertThat(initialized.statusCode()).isBetween(200, 299);
        return session;
    }

    private HttpResponse<String> callTool(String token, String session, String tool) throws IOException, InterruptedException {
        return postInSession("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"order\":\"o-1\"}}}", token, session);
    }

    @Test
    void toolsAreListedAndCalledOverRawHttpWithTheRightToken() throws Exception {
        String token = target().token("mcp-client", "client-secret");
        String session = initialize(token);
        HttpResponse<String> list = postInSession("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", token, session);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"whoami\"").contains("\"refund_order\"").contains("\"token_for_c\"");
        HttpResponse<String> call = callTool(token, session, "whoami");
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.body()).contains("azp=mcp-client");
    }

    @Test
    void metadataIsServedAtThePathInsertedAndTheRootUriWithTheConfiguredResource() throws Exception {
        URI base = target().endpoint().resolve("/");
        for (String path : List.of(".well-known/oauth-protected-resource/mcp", ".well-known/oauth-protected-resource")) {
            HttpResponse<String> metadata = get(base.resolve(path));
            assertThat(metadata.statusCode()).as(path).isEqualTo(200);
            assertThat(metadata.body()).contains("\"resource\":\"" + target().resource() + "\"")
                    .contains("\"authorization_servers\":[\"" + target().realm().issuerUrl() + "\"]")
                    .contains("\"scopes_supported\":[\"mcp:tools\",\"orders:refund\"]")
                    .contains("\"bearer_methods_supported\":[\"header\"]");
        }
    }

    @Test
    void metadataResourceIsNeverTakenFromTheHostHeader() throws Exception {
        // the JDK client will not send a forged Host; a raw socket does
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", target().endpoint().getPort())) {
            socket.getOutputStream().write(("GET /.well-known/oauth-protected-resource/mcp HTTP/1.1\r\nHost: evil.example\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"resource\":\"" + target().resource() + "\"").doesNotContain("evil");
        }
    }

    @Test
    void withoutATokenThe401PointsAtTheMetadata() throws Exception {
        HttpResponse<String> refused = post(INITIALIZE, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer").contains("resource_metadata=\"" + target().resource().resolve("/.well-known/oauth-protected-resource/mcp") + "\"")
                .contains("scope=\"mcp:tools\"");
    }

    @Test
    void corsPreflightIsNeverAnswered401() throws Exception {
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(target().endpoint())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://client.example").header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isNotEqualTo(401);
        assertThat(preflight.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedEvenWithTheRightIssuer() throws Exception {
        HttpResponse<String> refused = post(INITIALIZE, target().token("elsewhere", "elsewhere-secret"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(target().metrics().refusalsByReason()).containsKey("audience_mismatch");
    }

    @Test
    void theCanonicalResourceUriIsAcceptedInAnySpellingOfSchemeHostPortAndTrailingSlash() throws Exception {
        URI resource = target().resource();
        int port = resource.getPort() != -1 ? resource.getPort() : resource.getScheme().equals("https") ? 443 : 80;
        String origin = resource.getScheme().toUpperCase(java.util.Locale.ROOT) + "://" + resource.getHost().toUpperCase(java.util.Locale.ROOT) + ":" + port;
        String spelled = origin + resource.getRawPath() + "/";
        String token = target().realm().mint().subjectId("user-1").authorizedParty("mcp-client").scope("mcp:tools").audience(spelled).sign();
        assertThat(post(INITIALIZE, token).statusCode()).isEqualTo(200);
        String otherPath = target().realm().mint().subjectId("user-1").authorizedParty("mcp-client").scope("mcp:tools")
                .audience(origin + resource.getRawPath() + "/other").sign();
        assertThat(post(INITIALIZE, otherPath).statusCode()).isEqualTo(401);
    }

    @Test
    void batchesAreRefusedWith400() throws Exception {
        HttpResponse<String> refused = post("[" + INITIALIZE + "]", target().token("mcp-client", "client-secret"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("JSON-RPC batches are not accepted.");
    }

    @Test
    void mcpMethodAndNameHeadersMustMatchTheBodyBeforeAnyToolRuns() throws Exception {
        String token = target().token("mcp-client", "client-secret", "orders:refund");
        String session = initialize(token);
        String call = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"refund_order\",\"arguments\":{}}}";
        HttpResponse<String> mismatch = postInSession(call, token, session, "Mcp-Method", "tools/call", "Mcp-Name", "whoami");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("does not match the request body").doesNotContain("refunded");
        HttpResponse<String> matching = postInSession(call, token, session, "Mcp-Method", "tools/call", "Mcp-Name", "refund_order");
        assertThat(matching.statusCode()).isEqualTo(200);
        assertThat(matching.body()).contains("refunded");
    }

    @Test
    void aToolThatNeedsAnotherScopeGets403NamingEveryRequiredScope() throws Exception {
        String token = target().token("mcp-client", "client-secret");
        String session = initialize(token);
        HttpResponse<String> refused = callTool(token, session, "refund_order");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").contains("scope=\"mcp:tools orders:refund\"")
                .contains("resource_metadata=");
        assertThat(target().metrics().refusalsByTool()).containsKey("refund_order");

        String stepped = target().token("mcp-client", "client-secret", "orders:refund");
        HttpResponse<String> allowed = callTool(stepped, initialize(stepped), "refund_order");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("refunded o-1");
    }

    @Test
    void aSessionCannotBeUsedWithAnotherClientsToken() throws Exception {
        String alice = target().token("mcp-client", "client-secret");
        String session = initialize(alice);
        assertThat(callTool(alice, session, "whoami").statusCode()).isEqualTo(200);

        HttpResponse<String> hijack = callTool(target().token("other-client", "other-secret"), session, "whoami");
        assertThat(hijack.statusCode()).isEqualTo(404);
        assertThat(hijack.body()).doesNotContain("azp=");
        HttpResponse<String> madeUp = callTool(alice, "made-up-session", "whoami");
        assertThat(madeUp.statusCode()).isEqualTo(404);
    }

    @Test
    void everyRequestIsCheckedWithItsOwnTokenNotTheSession() throws Exception {
        String token = target().token("mcp-client", "client-secret");
        String session = initialize(token);
        HttpResponse<String> noToken = postInSession("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", null, session);
        assertThat(noToken.statusCode()).isEqualTo(401);
    }

    @Test
    void aToolCallsDownstreamWithAnExchangedTokenNeverTheClientsOwn() throws Exception {
        String token = target().token("mcp-client", "client-secret");
        HttpResponse<String> result = callTool(token, initialize(token), "token_for_c");
        assertThat(result.statusCode()).isEqualTo(200);
        String sub = String.valueOf(McpServerFixture.claims(token).get("sub"));
        assertThat(result.body()).containsPattern("aud=\\[?service-c\\]? azp=mcp-server sub=" + sub);
    }

    @Test
    void aBodyPastTheLimitIs413AndMalformedJsonIs400() throws Exception {
        String token = target().token("mcp-client", "client-secret");
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"pad\":\"" + "a".repeat(1024 * 1024) + "\"}";
        assertThat(post(huge, token).statusCode()).isEqualTo(413);
        HttpResponse<String> malformed = post("{\"jsonrpc\":", token);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).doesNotContain("jsonrpc");
    }

    @Test
    void refusalsNeverEchoTheToken() throws Exception {
        String token = target().token("elsewhere", "elsewhere-secret");
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(post(INITIALIZE, token));
        answers.add(post("[1]", token));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.body()).doesNotContain(token);
            answer.headers().map().values().forEach(values -> assertThat(String.join(",", values)).doesNotContain(token));
        }
    }

    private McpSyncClient client(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(target().endpoint().resolve("/").toString()).endpoint(target().endpoint().getRawPath())
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void theJavaClientListsAndCallsToolsWithATokenForTheServer() {
        try (McpSyncClient client = client(target().token("mcp-client", "client-secret"))) {
            client.initialize();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .contains("whoami", "refund_order", "token_for_c");
            McpSchema.CallToolResult whoami = client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
            assertThat(((McpSchema.TextContent) whoami.content().get(0)).text()).contains("azp=mcp-client");
        }
    }

    @Test
    void theJavaClientIsRefusedTheExtraScopeToolAndATokenForAnotherService() {
        try (McpSyncClient client = client(target().token("mcp-client", "client-secret"))) {
            client.initialize();
            Throwable refused = catchThrowable(() -> client.callTool(new McpSchema.CallToolRequest("refund_order", Map.of())));
            assertThat(refused).isNotNull().hasMessageContaining("Authorization error");
            assertThat(target().metrics().refusalsByTool()).containsKey("refund_order");
            assertThat(target().metrics().refusalsByReason()).containsKey("insufficient_scope");
        }
        try (McpSyncClient client = client(target().token("elsewhere", "elsewhere-secret"))) {
            Throwable refused = catchThrowable(client::initialize);
            assertThat(refused).isNotNull();
        }
    }
}
