package dev.audguard.samples.mcpserver;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.binding.DpopPolicy;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.exchange.ExchangedToken;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.mcp.McpCaller;
import dev.audguard.mcp.McpProtection;
import dev.audguard.mcp.OperationScopes;
import dev.audguard.samples.launcher.BoundJetty;
import dev.audguard.samples.launcher.ServiceCommand;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * mcp-server: an MCP server (the MCP Java SDK's Streamable HTTP transport) at {@code /mcp} on Jetty,
 * protected by audguard's {@link McpProtection}. Two tools:
 * <ul>
 *   <li>{@code refund_order} needs the scope {@code orders:refund} beyond {@code mcp:tools};</li>
 *   <li>{@code service_c_data} calls service-c's {@code GET /api/data} with a token exchanged for
 *       audience {@code service-c} (RFC 8693): service-c sees {@code aud service-c},
 *       {@code azp mcp-server}, never the client's token.</li>
 * </ul>
 *
 * <pre>
 * java -jar samples/mcp-server/target/mcp-server.jar --port=8085 --issuer=http://127.0.0.1:8080/realms/mcp \
 *      --service-c-url=http://127.0.0.1:8082
 * </pre>
 *
 * <p>The realm is {@code samples/mcp-server/realm-mcp.json} (clients {@code mcp-client},
 * {@code mcp-admin}, {@code mcp-server}, {@code service-c}). Tokens must name this server: its
 * resource URI ({@code --resource}, by default {@code http://HOST:PORT/mcp} of the bound address) or
 * the client id {@code mcp-server}, which is what Keycloak puts in {@code aud}. A DPoP-bound token
 * (RFC 9449) passes only with a valid proof for {@code POST} at the resource URI, and the RFC 9728
 * metadata says so ({@code dpop_signing_alg_values_supported}).
 */
public final class McpServerSample implements AutoCloseable {
    static final String CLIENT_ID = "mcp-server";

    private final BoundJetty server;
    private final URI endpoint;

    private McpServerSample(BoundJetty server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Options of one run. */
    record Options(String host, int port, String issuer, URI serviceC, String resource, String clientSecret) {
    }

    /** Starts on {@code host:port} (0 for any free port). */
    public static McpServerSample start(Options options) throws Exception {
        // bound now: the resource URI (with the real port) is known before anything is served
        BoundJetty server = BoundJetty.bind(options.host(), options.port());
        URI endpoint = URI.create(options.resource() != null ? options.resource() : server.origin() + "/mcp");

        TokenValidator validator = TokenValidator.builder().issuer(options.issuer()).audience(CLIENT_ID).build();
        TokenExchangeClient exchange = TokenExchangeClient.builder().issuer(options.issuer())
                .clientSecret(CLIENT_ID, options.clientSecret()).build();
        // DPoP (RFC 9449), policy allowed: a DPoP-bound token needs a proof, a plain bearer token still
        // passes. htu is checked against the resource URI clients connect to, never against Host.
        SenderConstraints dpop = SenderConstraints.builder()
                .dpop(DpopVerifier.builder().externalBaseUrl(baseOf(endpoint)).policy(DpopPolicy.ALLOWED).build())
                .build();
        McpProtection mcp = McpProtection.builder(validator)
                .resource(endpoint.toString())
                .frontDoor(door -> door.senderBinding(dpop.step()))
                .acceptAudience(CLIENT_ID)
                .scopes(OperationScopes.builder()
                        .always("mcp:tools")
                        .tool("refund_order", "orders:refund")
                        .build())
                .exchangeClient(exchange)
                .realm(CLIENT_ID)
                .build();

        HttpClient downstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp").contextExtractor(mcp.transportContextExtractor()).build();
        McpSyncServer mcpServer = McpServer.sync(transport).serverInfo("audguard-sample-mcp-server", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool("refund_order", "Refunds an order (needs the scope orders:refund)",
                                (caller, args) -> "refunded " + args.getOrDefault("order", "?")),
                        tool("service_c_data", "Reads service-c's data on the caller's behalf, with an exchanged token",
                                (caller, args) -> serviceC(downstream, options.serviceC(), caller)))
                .build();

        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(mcp.servletFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(transport), "/mcp");
        server.serve(context);
        return new McpServerSample(server, endpoint);
    }

    /** The resource URI without the {@code /mcp} path this server serves it at: what proofs' htu starts with. */
    private static URI baseOf(URI endpoint) {
        String resource = endpoint.toString();
        if (!resource.endsWith("/mcp")) {
            throw new IllegalArgumentException("--resource must end with /mcp, the path this server serves MCP at: " + resource);
        }
        return URI.create(resource.substring(0, resource.length() - "/mcp".length()));
    }

    private static String serviceC(HttpClient http, URI serviceC, McpCaller caller) {
        // never caller's token: one minted for service-c, with this server as azp
        ExchangedToken forC = caller.exchangeFor("service-c");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(serviceC.resolve("/api/data"))
                    .header("Authorization", forC.authorizationHeaderValue()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "service-c answered " + response.statusCode();
        } catch (IOException e) {
            return "service-c cannot be reached";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static McpServerFeatures.SyncToolSpecification tool(String name, String description,
            BiFunction<McpCaller, Map<String, Object>, String> handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(Map.of("type", "object")).build();
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            McpCaller caller = McpCaller.of(exchange.transportContext()).orElseThrow();
            String text = handler.apply(caller, request.arguments() == null ? Map.of() : request.arguments());
            return McpSchema.CallToolResult.builder().content(List.of(new McpSchema.TextContent(text))).build();
        }).build();
    }

    /** The MCP endpoint, e.g. {@code http://127.0.0.1:8085/mcp}. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        server.close();
    }

    public static void main(String[] args) throws Exception {
        ServiceCommand command = ServiceCommand.parse("mcp-server", args, "--issuer=URL --service-c-url=URL "
                + "[--port=8085] [--host=127.0.0.1] [--resource=URL] [--client-secret=SECRET]", "issuer", "service-c-url");
        McpServerSample sample = start(new Options(command.host(), command.port(8085), command.get("issuer"),
                URI.create(command.get("service-c-url")), command.get("resource"),
                command.get("client-secret", "mcp-server-secret")));
        command.serve(sample.endpoint(), sample);
    }
}
