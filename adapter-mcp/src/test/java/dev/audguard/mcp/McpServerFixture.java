package dev.audguard.mcp;

import dev.audguard.core.TokenValidator;
import dev.audguard.exchange.ExchangedToken;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real MCP server (the MCP Java SDK's Streamable HTTP servlet) on embedded Jetty or Tomcat behind
 * {@link McpProtection}, and a reference issuer whose realm has the clients the tests need.
 * Tools: {@code whoami} (any valid token), {@code refund_order} (also {@code orders:refund}) and
 * {@code token_for_c} (answers the claims of the token it got by exchange for service-c).
 */
final class McpServerFixture implements McpTarget, AutoCloseable {
    static Realm testRealm() {
        return Realm.builder("mcp")
                .clientScope("mcp:tools", s -> { })
                .clientScope("orders:refund", s -> { })
                .clientScope("service-c", s -> s.audienceMapper("service-c"))
                .client("mcp-client", c -> c.secret("client-secret").serviceAccount().audienceMapper("mcp-server")
                        .defaultScopes("basic", "roles", "mcp:tools").optionalScopes("orders:refund"))
                .client("other-client", c -> c.secret("other-secret").serviceAccount().audienceMapper("mcp-server")
                        .defaultScopes("basic", "roles", "mcp:tools"))
                .client("elsewhere", c -> c.secret("elsewhere-secret").serviceAccount().audienceMapper("service-c")
                        .defaultScopes("basic", "roles", "mcp:tools"))
                .client("mcp-server", c -> c.secret("server-secret").serviceAccount().standardTokenExchange()
                        .defaultScopes("basic", "roles", "service-c"))
                .client("service-c", c -> c.bearerOnly())
                .build();
    }

    final ReferenceIssuer issuer;
    final RealmHandle realm;
    final McpMetrics metrics = new McpMetrics();
    final McpProtection protection;
    final URI endpoint;
    private final ServletHost host;
    private final McpSyncServer server;

    /** On Jetty. */
    McpServerFixture(Consumer<McpProtection.Builder> options) throws Exception {
        this(new JettyHost(), options);
    }

    McpServerFixture(ServletHost host, Consumer<McpProtection.Builder> options) throws Exception {
        this.host = host;
        issuer = ReferenceIssuer.builder().realm(testRealm()).start();
        realm = issuer.realm("mcp");
        endpoint = URI.create("http://127.0.0.1:" + host.bind() + "/mcp");

        TokenValidator validator = TokenValidator.builder().issuer(realm.issuerUrl()).audience("mcp-server").build();
        McpProtection.Builder builder = protection(validator, endpoint.toString(), realm.issuerUrl()).listener(metrics);
        options.accept(builder);
        protection = builder.build();

        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp").contextExtractor(protection.transportContextExtractor()).build();
        server = server(transport);
        host.serve(protection, transport);
    }

    /** The protection every container's test server has: scopes, audience and exchange client. */
    static McpProtection.Builder protection(TokenValidator validator, String resource, String issuerUrl) {
        TokenExchangeClient exchange = TokenExchangeClient.builder().issuer(issuerUrl)
                .clientSecret("mcp-server", "server-secret").build();
        return McpProtection.builder(validator)
                .resource(resource)
                .acceptAudience("mcp-server")
                .scopes(OperationScopes.builder().always("mcp:tools").tool("refund_order", "orders:refund").build())
                .exchangeClient(exchange);
    }

    /** The MCP server every container's test serves, on {@code transport}: the tools of this class's Javadoc. */
    static McpSyncServer server(HttpServletStreamableServerTransportProvider transport) {
        return McpServer.sync(transport).serverInfo("audguard-test", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tools())
                .build();
    }

    /** The tools of this class's Javadoc. */
    static List<McpServerFeatures.SyncToolSpecification> tools() {
        return List.of(tool("whoami", (caller, args) -> "sub=" + caller.token().subject().orElse("-")
                        + " azp=" + caller.token().authorizedParty().orElse("-")),
                tool("refund_order", (caller, args) -> "refunded " + args.get("order")),
                tool("token_for_c", (caller, args) -> {
                    ExchangedToken forC = caller.exchangeFor("service-c");
                    Map<String, Object> claims = claims(forC.accessToken());
                    return "aud=" + claims.get("aud") + " azp=" + claims.get("azp") + " sub=" + claims.get("sub");
                }));
    }

    /** A tool whose handler gets the caller audguard let through. */
    private static McpServerFeatures.SyncToolSpecification tool(String name,
            java.util.function.BiFunction<McpCaller, Map<String, Object>, String> handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(name)
                .inputSchema(Map.of("type", "object")).build();
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            McpCaller caller = McpCaller.of(exchange.transportContext()).orElseThrow();
            String text = handler.apply(caller, request.arguments() == null ? Map.of() : request.arguments());
            return McpSchema.CallToolResult.builder().content(List.of(new McpSchema.TextContent(text))).build();
        }).build();
    }

    static Map<String, Object> claims(String token) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getClaims();
        } catch (java.text.ParseException e) {
            throw new AssertionError("not a JWT", e);
        }
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public URI resource() {
        return endpoint;
    }

    @Override
    public RealmHandle realm() {
        return realm;
    }

    @Override
    public McpMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() throws Exception {
        server.close();
        host.close();
        issuer.close();
    }
}
