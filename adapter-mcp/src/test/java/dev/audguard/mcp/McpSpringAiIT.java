package dev.audguard.mcp;

import dev.audguard.core.TokenValidator;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServerFeatures;
import jakarta.servlet.Filter;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link McpServerChecks} behind Spring AI's MCP server starter 2.0.1 on Spring Boot 4.1.1: the
 * starter's own WebMVC transport (a router function in the {@code DispatcherServlet}, not the SDK's
 * servlet) with audguard's filter in front, registered as in {@link McpOnSpringBoot}. What differs:
 * the transport bean replaces the starter's so that its context extractor hands tools the
 * {@link McpCaller}, and the tools are beans the starter collects.
 */
class McpSpringAiIT extends SpringBootHostChecks {
    McpSpringAiIT() {
        super(App.class, "spring.ai.mcp.server.protocol=STREAMABLE", "spring.ai.mcp.server.name=audguard-test");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean
        McpMetrics metrics() {
            return new McpMetrics();
        }

        @Bean
        McpProtection mcpProtection(@Value("${mcp.issuer}") String issuer, @Value("${mcp.resource}") String resource,
                McpMetrics metrics) {
            TokenValidator validator = TokenValidator.builder().issuer(issuer).audience("mcp-server").build();
            return McpServerFixture.protection(validator, resource, issuer).listener(metrics).build();
        }

        /** Spring AI's transport, with the caller audguard let through in its transport context. */
        @Bean
        WebMvcStreamableServerTransportProvider mcpTransport(McpProtection mcp) {
            return WebMvcStreamableServerTransportProvider.builder().jsonMapper(McpJsonDefaults.getMapper())
                    .mcpEndpoint(mcp.endpointPath())
                    .contextExtractor(request -> mcp.transportContextExtractor().extract(request.servletRequest()))
                    .build();
        }

        @Bean
        List<McpServerFeatures.SyncToolSpecification> tools() {
            return McpServerFixture.tools();
        }

        @Bean
        FilterRegistrationBean<Filter> mcpFilter(McpProtection mcp) {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(mcp.servletFilter());
            registration.addUrlPatterns(mcpPaths(mcp));
            return registration;
        }

        @Bean
        @Order(1)
        SecurityFilterChain mcpSecurity(HttpSecurity http, McpProtection mcp) throws Exception {
            return http.securityMatcher(mcpPaths(mcp))
                    .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .csrf(csrf -> csrf.disable())
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .build();
        }

        private static String[] mcpPaths(McpProtection mcp) {
            List<String> paths = new ArrayList<>(mcp.metadataPaths());
            paths.add(mcp.endpointPath());
            return paths.toArray(String[]::new);
        }
    }
}
