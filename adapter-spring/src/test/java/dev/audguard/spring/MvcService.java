package dev.audguard.spring;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;

/**
 * The bootstrap the servlet ITs repeated, as {@code ReactiveService} is the WebFlux ITs': a Spring
 * Boot application on loopback port 0 without its banner, started with the test's own sources and
 * properties, closed after the class's last test. Register it as
 * {@code @RegisterExtension static final MvcService service = new MvcService();} and start the
 * application from {@code @BeforeAll}; or use it in try-with-resources inside one test. Not
 * thread-safe: one per test class.
 */
public final class MvcService implements AfterAllCallback, AutoCloseable {
    private ConfigurableApplicationContext context;

    /** Starts {@code source} with {@code properties} ({@code name=value}) added or overriding. */
    public ConfigurableApplicationContext start(Class<?> source, String... properties) {
        if (context != null) {
            throw new IllegalStateException("the app is already started");
        }
        context = new SpringApplicationBuilder(source)
                .properties("spring.main.banner-mode=off", "server.port=0", "server.address=127.0.0.1")
                .properties(properties)
                .run();
        return context;
    }

    /** The running application. */
    public ConfigurableApplicationContext context() {
        if (context == null) {
            throw new IllegalStateException("the app is not started");
        }
        return context;
    }

    /** The application's base URL, over plain HTTP on loopback. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) context()).getWebServer().getPort());
    }

    /** {@code path} (with any query) on the application. */
    public URI uri(String path) {
        return base().resolve(path);
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        close();
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
