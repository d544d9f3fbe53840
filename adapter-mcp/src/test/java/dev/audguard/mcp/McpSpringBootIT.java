package dev.audguard.mcp;

import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link McpServerChecks} in a Spring Boot application on its embedded Tomcat (port 0 on loopback):
 * the SDK's servlet registered with a {@code ServletRegistrationBean}, audguard's filter with a
 * {@code FilterRegistrationBean}, Spring Security on ({@link McpOnSpringBoot}). The configured
 * resource is a public URL, as behind a reverse proxy: the metadata and challenges state it, not the
 * loopback address the tests connect to.
 */
class McpSpringBootIT extends McpServerChecks {
    static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");
    private static ReferenceIssuer issuer;
    private static ConfigurableApplicationContext app;
    private static McpTarget target;

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(McpOnSpringBoot.class)
    static class App {
        @Bean
        McpMetrics metrics() {
            return new McpMetrics();
        }

        @Bean
        TokenExchangeClient exchangeClient(@Value("${mcp.issuer}") String issuer) {
            return TokenExchangeClient.builder().issuer(issuer).clientSecret("mcp-server", "server-secret").build();
        }

        @Bean(destroyMethod = "close")
        McpSyncServer mcpServer(HttpServletStreamableServerTransportProvider mcpTransport) {
            return McpServerFixture.server(mcpTransport);
        }
    }

    @BeforeAll
    static void start() {
        issuer = ReferenceIssuer.builder().realm(McpServerFixture.testRealm()).start();
        RealmHandle realm = issuer.realm("mcp");
        app = new SpringApplicationBuilder(App.class).properties(
                "server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                // a password of our own: Boot would otherwise log the one it generates
                "spring.security.user.password=" + java.util.UUID.randomUUID(),
                "spring.ai.mcp.server.enabled=false",               // McpSpringAiIT's starter is on the class path too
                "mcp.issuer=" + realm.issuerUrl(), "mcp.resource=" + RESOURCE).run();
        URI endpoint = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/mcp");
        target = McpTarget.of(endpoint, RESOURCE, realm, app.getBean(McpMetrics.class));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        issuer.close();
    }

    @Override
    protected McpTarget target() {
        return target;
    }

    @Test
    void pathsOutsideMcpStayBehindSpringSecurity() throws Exception {
        HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(target.endpoint().resolve("/actuator"))
                .header("Authorization", "Bearer " + target.token("mcp-client", "client-secret")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(other.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
    }
}
