package dev.audguard.mcp;

import dev.audguard.core.TokenValidator;
import dev.audguard.exchange.ExchangedToken;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.ReferenceIssuer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's code, compiled and run; and the README's blocks must be the code here, word for word. */
class ReadmeExamplesIT {
    @Test
    void theReadmeBuildsTheProtectionAndAToolExchanges() throws Exception {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(McpServerFixture.testRealm()).start()) {
            String issuerUrl = issuer.realm("mcp").issuerUrl();
            TokenExchangeClient exchangeClient = TokenExchangeClient.builder().issuer(issuerUrl)
                    .clientSecret("mcp-server", "server-secret").build();
            ServletContextHandler context = new ServletContextHandler("/");

            // README: the protection
            TokenValidator validator = TokenValidator.builder()
                    .issuer(issuerUrl)                                   // keys through discovery
                    .audience("mcp-server")                              // fail-closed, as everywhere
                    .build();
            McpProtection mcp = McpProtection.builder(validator)
                    .resource("https://mcp.example.com/mcp")             // what clients connect to: never taken from Host
                    .acceptAudience("mcp-server")                        // Keycloak puts the client id in aud
                    .scopes(OperationScopes.builder()
                            .always("mcp:tools")                         // every message
                            .tool("refund_order", "orders:refund")       // tools/call of refund_order also needs this
                            .implies("orders", "orders:refund")          // a token with "orders" may refund
                            .build())
                    .exchangeClient(exchangeClient)                      // McpCaller.exchangeFor(..) in tools
                    .build();
            // the MCP Java SDK's servlet, with the caller in its transport context:
            HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                    .mcpEndpoint("/mcp").contextExtractor(mcp.transportContextExtractor()).build();
            // and the filter in front of it (Jetty here; any Servlet 6 container, or a FilterRegistrationBean in Spring Boot):
            context.addFilter(new FilterHolder(mcp.servletFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));

            assertThat(mcp.metadataPaths()).containsExactly("/.well-known/oauth-protected-resource/mcp",
                    "/.well-known/oauth-protected-resource");
            assertThat(transport).isNotNull();

            String token = issuer.realm("mcp").clientCredentials("mcp-client", "client-secret").accessToken();
            McpTransportContext transportContext = McpTransportContext.create(Map.of(McpCaller.CONTEXT_KEY,
                    new McpCaller(validator.validate(token, dev.audguard.core.Requirements.none()), exchangeClient)));
            var exchange = new Object() {
                McpTransportContext transportContext() {
                    return transportContext;
                }
            };
            // README: in a tool
            McpCaller caller = McpCaller.of(exchange.transportContext()).orElseThrow();
            ExchangedToken forC = caller.exchangeFor("service-c");     // RFC 8693: aud service-c, azp this server

            assertThat(McpServerFixture.claims(forC.accessToken())).containsEntry("azp", "mcp-server");
        }
    }

    @Test
    void everyJavaBlockOfTheReadmeIsHeldHereOrInTheContainerCodeItShows() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Path dir = Path.of("src/test/java/dev/audguard/mcp");
        // this class, and the Tomcat, Spring Boot and Spring AI set-ups McpTomcatIT, McpSpringBootIT and McpSpringAiIT run
        List<String> held = new ArrayList<>();
        for (String file : List.of("ReadmeExamplesIT.java", "McpOnTomcat.java", "McpOnSpringBoot.java", "McpSpringAiIT.java")) {
            held.add(normalise(Files.readString(dir.resolve(file))));
        }
        List<String> blocks = javaBlocks(readme);
        assertThat(blocks).hasSize(5);
        for (String block : blocks) {
            assertThat(held).as("README block held by a test source").anyMatch(source -> source.contains(normalise(block)));
        }
        // docs/mcp.md: its container examples (whole files, and the Spring AI bean) are the same code
        List<String> docBlocks = javaBlocks(Files.readString(Path.of("../docs/mcp.md"))).stream()
                .filter(block -> block.startsWith("import ") || block.startsWith("@Bean")).toList();
        assertThat(docBlocks).hasSize(3);
        for (String block : docBlocks) {
            assertThat(held).as("docs/mcp.md block held by a test source").anyMatch(source -> source.contains(normalise(block)));
        }
    }

    private static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```java\\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String normalise(String code) {
        return code.replaceAll("\\s+", " ").strip();
    }
}
