package dev.audguard.mcp;

import dev.audguard.exchange.TokenExchangeClient;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

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
class McpSpringBootIT extends SpringBootHostChecks {
    McpSpringBootIT() {
        super(App.class, "spring.ai.mcp.server.enabled=false");    // McpSpringAiIT's starter is on the class path too
    }

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

    @Test
    void pathsOutsideMcpStayBehindSpringSecurity() throws Exception {
        HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(target().endpoint().resolve("/actuator"))
                .header("Authorization", "Bearer " + target().token("mcp-client", "client-secret")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(other.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
    }
}
