package dev.audguard.spring;

import dev.audguard.issuer.Realm;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.util.stream.Stream;

/**
 * The whole adapter conformance kit, its DPoP cases included ({@code dpopAt}), against a Spring MVC
 * service whose DPoP comes from properties only ({@code audguard.dpop.external-base-url}): every
 * request then goes through the request-aware authentication ({@link AudguardRequestAuthentication})
 * rather than the token-only decoder, and must answer exactly as {@link ConformanceIT}'s service does.
 */
@SpringBootTest(classes = ConformanceIT.Orders.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class MvcDpopConformanceIT {
    private static final String EXTERNAL = "https://orders.example.com";
    private static final ReferenceIssuer ISSUER = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
    private static final ReferenceIssuer COLD = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void orders(DynamicPropertyRegistry registry) {
        ConformanceIT.properties(registry, ISSUER, COLD);
        registry.add("audguard.dpop.external-base-url", () -> EXTERNAL);
    }

    @AfterAll
    static void stopIssuers() {
        ISSUER.close();
        COLD.close();
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        URI base = URI.create("http://127.0.0.1:" + port);
        return ConformanceIT.kit(base, ISSUER, COLD)
                .dpopAt(base.resolve("/orders"), URI.create(EXTERNAL + "/orders"))
                .build()
                .tests();
    }
}
