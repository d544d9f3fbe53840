package dev.audguard.spring;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
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
class MvcDpopConformanceIT extends OrdersConformance {
    private static final String EXTERNAL = "https://orders.example.com";

    @DynamicPropertySource
    static void dpop(DynamicPropertyRegistry registry) {
        registry.add("audguard.dpop.external-base-url", () -> EXTERNAL);
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return kit()
                .dpopAt(base().resolve("/orders"), URI.create(EXTERNAL + "/orders"))
                .build()
                .tests();
    }
}
