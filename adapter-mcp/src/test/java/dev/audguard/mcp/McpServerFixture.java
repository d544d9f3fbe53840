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
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * A real MCP server (the MCP Java SDK's Streamable HTTP servlet) on embedded Jetty behind
 * {@link McpProtection}, and a reference issuer whose realm has the clients the tests need.
 * Tools: {@code whoami} (any valid token), {@code refund_order} (also {@code orders:refund}) and
 * {@code token_for_c} (answers the claims of the token it got by exchange for service-c).
 */
final class McpServerFixture implements AutoCloseable {
    static Realm realm() {
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
    private final Server jetty;

    McpServerFixture(java.util.function.Consumer<McpProtection.Builder> options) throws Exception {
        issuer = ReferenceIssuer.builder().realm(realm()).start();
        realm = issuer.realm("mcp");
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        connector.open();
        endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp");

        TokenValidator validator = TokenValidator.builder().issuer(realm.issuerUrl()).audience("mcp-server").build();
        TokenExchangeClient exchange = TokenExchangeClient.builder().issuer(realm.issuerUrl())
                .clientSecret("mcp-server", "server-secret").build();
        McpProtection.Builder builder = McpProtection.builder(validator)
                .resource(endpoint.toString())
                .acceptAudience("mcp-server")
                .scopes(OperationScopes.builder().always("mcp:tools").tool("refund_order", "orders:refund").build())
                .exchangeClient(exchange)
                .listener(metrics);
        options.accept(builder);
        protection = builder.build();

        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp").contextExtractor(protection.transportContextExtractor()).build();
        McpSyncServer server = McpServer.sync(transport).serverInfo("audguard-test", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool("whoami", (caller, args) -> "sub=" + caller.token().subject().orElse("-")
                                + " azp=" + caller.token().authorizedParty().orElse("-")),
                        tool("refund_order", (caller, args) -> "refunded " + args.get("order")),
                        tool("token_for_c", (caller, args) -> {
                            ExchangedToken forC = caller.exchangeFor("service-c");
                            Map<String, Object> claims = claims(forC.accessToken());
                            return "aud=" + claims.get("aud") + " azp=" + claims.get("azp") + " sub=" + claims.get("sub");
                        }))
                .build();
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(protection.servletFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(transport), "/mcp");
        jetty.setHandler(context);
        jetty.start();
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

    String token(String client, String secret, String... scopes) {
        return realm.clientCredentials(client, secret, scopes).accessToken();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        issuer.close();
    }
}
