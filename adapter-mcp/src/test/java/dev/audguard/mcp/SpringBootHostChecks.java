package dev.audguard.mcp;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@link McpServerChecks} in a Spring Boot application on its embedded Tomcat (port 0 on loopback)
 * against the reference issuer's {@code mcp} realm: started once before the concrete class's checks
 * and closed after them. The application reads {@code mcp.issuer} and {@code mcp.resource}; its
 * resource is {@link #RESOURCE}, a public URL as behind a reverse proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpringBootHostChecks extends McpServerChecks {
    static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");

    private final Class<?> application;
    private final List<String> properties;
    private ReferenceIssuer issuer;
    private ConfigurableApplicationContext app;
    private McpTarget target;

    /** {@code properties} ({@code name=value}) are added to the ones every such application gets. */
    SpringBootHostChecks(Class<?> application, String... properties) {
        this.application = application;
        this.properties = List.of(properties);
    }

    @BeforeAll
    void start() {
        issuer = ReferenceIssuer.builder().realm(McpServerFixture.testRealm()).start();
        RealmHandle realm = issuer.realm("mcp");
        List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                // a password of our own: Boot would otherwise log the one it generates
                "spring.security.user.password=" + UUID.randomUUID(),
                "mcp.issuer=" + realm.issuerUrl(), "mcp.resource=" + RESOURCE));
        all.addAll(properties);
        app = new SpringApplicationBuilder(application).properties(all.toArray(String[]::new)).run();
        URI endpoint = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/mcp");
        target = McpTarget.of(endpoint, RESOURCE, realm, app.getBean(McpMetrics.class));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @Override
    protected McpTarget target() {
        return target;
    }
}
