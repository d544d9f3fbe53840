package dev.audguard.spring;

import dev.audguard.conformance.AdapterConformance;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.stream.Stream;

/**
 * The adapter conformance kit against a fresh Spring Boot service configured by properties only:
 * audience service-b, {@code /admin/**} needing scopes admin and audit, and a second trusted
 * issuer whose keys the kit makes unreachable. The service has fetched no key when the kit starts
 * (the kit rotates the realm's key first).
 */
@SpringBootTest(classes = ConformanceIT.Orders.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ConformanceIT {
    private static final ReferenceIssuer ISSUER = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
    private static final ReferenceIssuer COLD = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void orders(DynamicPropertyRegistry registry) {
        properties(registry, ISSUER, COLD);
    }

    /** The service's properties: audience service-b, {@code /admin/**} scopes, {@code cold} as a second issuer. */
    static void properties(DynamicPropertyRegistry registry, ReferenceIssuer issuer, ReferenceIssuer cold) {
        registry.add("spring.main.banner-mode", () -> "off");
        registry.add("server.address", () -> "127.0.0.1");
        // the kit's oversized token must reach the validator (Tomcat's default limit is 8 KiB)
        registry.add("server.max-http-request-header-size", () -> "64KB");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> issuer.issuerUrl("demo"));
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> "service-b");
        registry.add("audguard.issuers[0].uri", () -> cold.issuerUrl("demo"));
        registry.add("audguard.paths[0].pattern", () -> "/admin/**");
        registry.add("audguard.paths[0].scopes", () -> "admin,audit");
        registry.add("audguard.realm", () -> "demo");
    }

    @AfterAll
    static void stopIssuers() {
        ISSUER.close();
        COLD.close();
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return kit(URI.create("http://127.0.0.1:" + port), ISSUER, COLD).build().tests();
    }

    /** The kit's cases for the service at {@code base}, as {@link #properties} configured it. */
    static AdapterConformance.Builder kit(URI base, ReferenceIssuer issuer, ReferenceIssuer cold) {
        return AdapterConformance.builder()
                .realm(issuer.realm("demo"))
                .protectedUrl(base.resolve("/orders"))
                .audience("service-b")
                .scopeRequiredAt(base.resolve("/admin/report"), "admin", "audit")
                .keysUnavailableAt(base.resolve("/orders"), cold.realm("demo"));
    }

    /** A service with nothing but controllers and properties. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Orders.Api.class)
    static class Orders {
        @RestController
        static class Api {
            @GetMapping("/orders")
            String orders() {
                return "[]";
            }

            @GetMapping("/admin/report")
            String report() {
                return "report";
            }
        }
    }
}
