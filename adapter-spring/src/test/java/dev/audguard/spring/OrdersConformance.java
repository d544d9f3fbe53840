package dev.audguard.spring;

import dev.audguard.conformance.AdapterConformance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;

/**
 * What the Spring MVC conformance ITs share: a fresh {@link OrdersService} configured by properties
 * only (audience service-b, {@code /admin/**} needing scopes admin and audit, and a second trusted
 * issuer whose keys the kit makes unreachable), its two issuers, started for each subclass and
 * closed after it, and the kit's cases for it. A subclass adds properties with its own
 * {@code @DynamicPropertySource} and runs {@link #kit()}; the service has fetched no key when the kit
 * starts (the kit rotates the realm's key first). Subclasses share the issuer extensions, so they must
 * not run at the same time.
 */
@SpringBootTest(classes = OrdersService.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class OrdersConformance {
    @RegisterExtension
    static final DemoIssuer ISSUER = new DemoIssuer();
    @RegisterExtension
    static final DemoIssuer COLD = new DemoIssuer();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void orders(DynamicPropertyRegistry registry) {
        registry.add("spring.main.banner-mode", () -> "off");
        registry.add("server.address", () -> "127.0.0.1");
        // the kit's oversized token must reach the validator (Tomcat's default limit is 8 KiB)
        registry.add("server.max-http-request-header-size", () -> "64KB");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER.demo().issuerUrl());
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> "service-b");
        registry.add("audguard.issuers[0].uri", () -> COLD.demo().issuerUrl());
        registry.add("audguard.paths[0].pattern", () -> "/admin/**");
        registry.add("audguard.paths[0].scopes", () -> "admin,audit");
        registry.add("audguard.realm", () -> "demo");
    }

    /** The service's base URL, over plain HTTP on loopback. */
    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The kit's cases for the service, as {@link #orders} configured it. */
    AdapterConformance.Builder kit() {
        return AdapterConformance.builder()
                .realm(ISSUER.demo())
                .protectedUrl(base().resolve("/orders"))
                .audience("service-b")
                .scopeRequiredAt(base().resolve("/admin/report"), "admin", "audit")
                .keysUnavailableAt(base().resolve("/orders"), COLD.demo());
    }
}
