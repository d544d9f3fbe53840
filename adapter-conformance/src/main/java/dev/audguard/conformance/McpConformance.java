package dev.audguard.conformance;

import dev.audguard.issuer.RealmHandle;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Checks over real HTTP that an MCP server (Streamable HTTP transport) answers as the MCP
 * authorization specification asks of a resource server, whatever library protects it: RFC 9728
 * metadata at the path-inserted and the root URI stating the server's own URI, a 401 that points at
 * it, no 401 to a CORS preflight, batches refused, {@code Mcp-Method} headers checked against the
 * body, tokens for other services refused (so no client token meant for an upstream API opens it),
 * the audience compared as a canonical URI, and step-up answers naming the missing scope.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> mcpConformance() {
 *     return McpConformance.builder()
 *             .realm(issuer.realm("mcp"))
 *             .endpoint(URI.create("http://127.0.0.1:" + port + "/mcp"))
 *             .rightToken(TokenSource.clientCredentials("mcp-client", "client-secret"))
 *             .otherServiceToken(TokenSource.clientCredentials("elsewhere", "elsewhere-secret"))
 *             .toolNeedingScope("refund_order", "orders:refund")
 *             .build()
 *             .tests();
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; each {@link #tests()} call is one independent run.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization">MCP authorization</a>
 */
public final class McpConformance {
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"audguard-conformance\",\"version\":\"1\"}}}";

    private final RealmHandle realm;
    private final URI endpoint;
    private final TokenSource rightToken;
    private final TokenSource otherServiceToken;
    private final String scopedTool;
    private final String toolScope;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    private McpConformance(Builder b) {
        this.realm = b.realm;
        this.endpoint = b.endpoint;
        this.rightToken = b.rightToken;
        this.otherServiceToken = b.otherServiceToken;
        this.scopedTool = b.scopedTool;
        this.toolScope = b.toolScope;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cases, one dynamic test each. */
    public Stream<DynamicTest> tests() {
        List<DynamicTest> tests = new ArrayList<>();
        String insertedPath = "/.well-known/oauth-protected-resource" + (endpoint.getRawPath().equals("/") ? "" : endpoint.getRawPath());
        URI inserted = endpoint.resolve(insertedPath);
        URI root = endpoint.resolve("/.well-known/oauth-protected-resource");
        tests.add(test("metadata at the path-inserted URI states this server and its issuer", () -> metadata(inserted)));
        tests.add(test("metadata at the root URI states this server and its issuer", () -> metadata(root)));
        tests.add(test("401 without a token, WWW-Authenticate points at the metadata", () -> {
            HttpResponse<String> answer = post(INITIALIZE, null);
            expect(answer.statusCode() == 401, "status " + answer.statusCode() + ", expected 401");
            String challenge = answer.headers().firstValue("WWW-Authenticate").orElse("");
            expect(challenge.regionMatches(true, 0, "Bearer", 0, 6), "no Bearer challenge: " + challenge);
            expect(challenge.contains("resource_metadata=\"" + inserted + "\""), "challenge without resource_metadata=\"" + inserted + "\": " + challenge);
        }));
        tests.add(test("a CORS preflight is never answered 401", () -> {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(endpoint).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://client.example").header("Access-Control-Request-Method", "POST")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            expect(answer.statusCode() != 401, "preflight answered 401");
        }));
        tests.add(test("200 for initialize with the right token", () -> {
            HttpResponse<String> answer = post(INITIALIZE, rightToken.token(realm));
            expect(answer.statusCode() == 200, "status " + answer.statusCode() + ", expected 200");
        }));
        tests.add(test("400 for a JSON-RPC batch", () -> {
            HttpResponse<String> answer = post("[" + INITIALIZE + "]", rightToken.token(realm));
            expect(answer.statusCode() == 400, "status " + answer.statusCode() + ", expected 400");
        }));
        tests.add(test("400 when Mcp-Method contradicts the body", () -> {
            HttpResponse<String> answer = post(INITIALIZE, rightToken.token(realm), "Mcp-Method", "tools/list");
            expect(answer.statusCode() == 400, "status " + answer.statusCode() + ", expected 400");
        }));
        if (otherServiceToken != null) {
            tests.add(test("401 invalid_token for a real token minted for another service", () -> {
                HttpResponse<String> answer = post(INITIALIZE, otherServiceToken.token(realm));
                expect(answer.statusCode() == 401, "status " + answer.statusCode() + ", expected 401");
                expect(answer.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""),
                        "challenge without invalid_token");
            }));
        }
        String canonical = endpoint.toString();
        String spelled = endpoint.getScheme().toUpperCase(Locale.ROOT) + canonical.substring(endpoint.getScheme().length()) + "/";
        tests.add(test("200 for a token whose aud spells this server's URI with another case and a trailing slash", () -> {
            HttpResponse<String> answer = post(INITIALIZE, minted(spelled));
            expect(answer.statusCode() == 200, "status " + answer.statusCode() + ", expected 200");
        }));
        tests.add(test("401 for a token whose aud is another path of the same origin", () -> {
            HttpResponse<String> answer = post(INITIALIZE, minted(canonical + "/other"));
            expect(answer.statusCode() == 401, "status " + answer.statusCode() + ", expected 401");
        }));
        if (scopedTool != null) {
            tests.add(test("403 insufficient_scope naming " + toolScope + " for " + scopedTool + " without it", () -> {
                String token = rightToken.token(realm);
                HttpResponse<String> init = post(INITIALIZE, token);
                String session = init.headers().firstValue("Mcp-Session-Id").orElse(null);
                List<String> headers = new ArrayList<>(List.of("MCP-Protocol-Version", "2025-06-18"));
                if (session != null) {
                    headers.addAll(List.of("Mcp-Session-Id", session));
                }
                HttpResponse<String> answer = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\""
                        + scopedTool + "\",\"arguments\":{}}}", token, headers.toArray(String[]::new));
                expect(answer.statusCode() == 403, "status " + answer.statusCode() + ", expected 403");
                String challenge = answer.headers().firstValue("WWW-Authenticate").orElse("");
                expect(challenge.contains("error=\"insufficient_scope\""), "challenge without insufficient_scope: " + challenge);
                expect(challenge.matches("(?s).*scope=\"[^\"]*\\b" + java.util.regex.Pattern.quote(toolScope) + "\\b[^\"]*\".*"),
                        "challenge does not name " + toolScope + ": " + challenge);
                expect(challenge.contains("resource_metadata="), "challenge without resource_metadata: " + challenge);
            }));
        }
        return tests.stream();
    }

    /** A token like the right one (subject, client, scopes) but for {@code audience}, signed by the realm. */
    private String minted(String audience) {
        java.util.Map<String, Object> right;
        try {
            right = com.nimbusds.jwt.SignedJWT.parse(rightToken.token(realm)).getJWTClaimsSet().getClaims();
        } catch (java.text.ParseException e) {
            throw new AssertionError("the right token is not a JWT: the audience cases need one", e);
        }
        return realm.mint().subjectId(String.valueOf(right.getOrDefault("sub", "mcp-conformance-user")))
                .authorizedParty(String.valueOf(right.getOrDefault("azp", "mcp-conformance")))
                .scope(String.valueOf(right.getOrDefault("scope", ""))).audience(audience).sign();
    }

    private void metadata(URI url) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(answer.statusCode() == 200, url + ": status " + answer.statusCode() + ", expected 200");
        expect(answer.body().contains("\"resource\":\"" + endpoint + "\""), url + ": resource is not " + endpoint + ": " + answer.body());
        expect(answer.body().contains(realm.issuerUrl()), url + ": authorization_servers lacks " + realm.issuerUrl());
    }

    private HttpResponse<String> post(String body, String token, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static DynamicTest test(String name, Executable body) {
        return DynamicTest.dynamicTest(name, body);
    }

    /**
     * Configures an {@link McpConformance}. {@link #realm}, {@link #endpoint} and {@link #rightToken}
     * are required; each option can be set once. Not thread-safe.
     */
    public static final class Builder {
        private RealmHandle realm;
        private URI endpoint;
        private TokenSource rightToken;
        private TokenSource otherServiceToken;
        private String scopedTool;
        private String toolScope;

        private Builder() {
        }

        /** The realm of the running reference issuer the server trusts. */
        public Builder realm(RealmHandle realm) {
            this.realm = Objects.requireNonNull(realm, "realm");
            return this;
        }

        /** The MCP endpoint, as the server states it as its resource (canonical: lowercase, no trailing slash). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** How a client gets a token the server accepts for {@code initialize}. */
        public Builder rightToken(TokenSource source) {
            this.rightToken = Objects.requireNonNull(source, "source");
            return this;
        }

        /** A real token minted for another service by the same issuer: the server must refuse it. */
        public Builder otherServiceToken(TokenSource source) {
            this.otherServiceToken = Objects.requireNonNull(source, "source");
            return this;
        }

        /** A tool that needs {@code scope}, which {@link #rightToken} does not carry. */
        public Builder toolNeedingScope(String tool, String scope) {
            this.scopedTool = Objects.requireNonNull(tool, "tool");
            this.toolScope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /** Builds the kit. */
        public McpConformance build() {
            if (realm == null || endpoint == null || rightToken == null) {
                throw new IllegalStateException("McpConformance needs realm(..), endpoint(..) and rightToken(..)");
            }
            return new McpConformance(this);
        }
    }
}
