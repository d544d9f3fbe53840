package dev.audguard.mcp;

import dev.audguard.core.TokenValidator;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.mcp.McpListener;
import dev.audguard.mcp.McpProtection;
import dev.audguard.mcp.OperationScopes;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.Filter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import java.util.ArrayList;
import java.util.List;

/** The MCP Java SDK's servlet in Spring Boot behind audguard's filter: the README's Spring Boot section. */
@Configuration(proxyBeanMethods = false)
class McpOnSpringBoot {
    @Bean
    McpProtection mcpProtection(@Value("${mcp.issuer}") String issuer, @Value("${mcp.resource}") String resource,
            TokenExchangeClient exchangeClient, McpListener listener) {
        TokenValidator validator = TokenValidator.builder().issuer(issuer).audience("mcp-server").build();
        return McpProtection.builder(validator)
                .resource(resource)                                  // the URL clients connect to; never taken from Host
                .acceptAudience("mcp-server")
                .scopes(OperationScopes.builder()
                        .always("mcp:tools")
                        .tool("refund_order", "orders:refund")
                        .build())
                .exchangeClient(exchangeClient)
                .listener(listener)
                .build();
    }

    @Bean
    HttpServletStreamableServerTransportProvider mcpTransport(McpProtection mcp) {
        return HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(mcp.endpointPath()).contextExtractor(mcp.transportContextExtractor()).build();
    }

    @Bean
    ServletRegistrationBean<HttpServletStreamableServerTransportProvider> mcpServlet(
            HttpServletStreamableServerTransportProvider transport, McpProtection mcp) {
        return new ServletRegistrationBean<>(transport, mcp.endpointPath());    // async-supported by default
    }

    @Bean
    FilterRegistrationBean<Filter> mcpFilter(McpProtection mcp) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(mcp.servletFilter());
        registration.addUrlPatterns(mcpPaths(mcp));                // the endpoint and both metadata URIs
        return registration;
    }

    /** audguard checks every request to the MCP paths: Spring Security lets them through, without CSRF or sessions. */
    @Bean
    @Order(1)
    SecurityFilterChain mcpSecurity(HttpSecurity http, McpProtection mcp) throws Exception {
        return http.securityMatcher(mcpPaths(mcp))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())                        // bearer tokens in a header, no cookies
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /** Every other path stays behind Spring Security (here HTTP Basic; or audguard's Spring adapter). */
    @Bean
    @Order(2)
    SecurityFilterChain otherSecurity(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    private static String[] mcpPaths(McpProtection mcp) {
        List<String> paths = new ArrayList<>(mcp.metadataPaths());
        paths.add(mcp.endpointPath());
        return paths.toArray(String[]::new);
    }
}
