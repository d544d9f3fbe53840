package dev.audguard.spring;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The adapter conformance kit against a fresh Spring Boot service configured by properties only
 * ({@link OrdersConformance}'s): audience service-b, {@code /admin/**} needing scopes admin and
 * audit, and a second trusted issuer whose keys the kit makes unreachable.
 */
class ConformanceIT extends OrdersConformance {
    @TestFactory
    Stream<DynamicTest> conformance() {
        return kit().build().tests();
    }
}
