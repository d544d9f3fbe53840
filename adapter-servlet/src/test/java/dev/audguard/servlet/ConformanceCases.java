package dev.audguard.servlet;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.stream.Stream;

/**
 * The adapter conformance kit against the filter: applications at {@code /app} (a warm realm),
 * {@code /cold} (a realm whose keys were never fetched) and {@code /dpop} (DPoP-bound tokens
 * behind a TLS-terminating proxy). Each container's IT runs it.
 */
abstract class ConformanceCases extends ContainerCases {
    @RegisterExtension
    static ReferenceIssuerExtension coldIssuer = ReferenceIssuerExtension.builtInDemo();

    ConformanceCases(ServletContainer.Starter starter) {
        super(starter);
    }

    @Override
    List<ServletContainer.App> applications() {
        return List.of(
                new ServletContainer.App("/app", ConformanceSetup.filterFor(issuer.realm("demo"))),
                new ServletContainer.App("/cold", ConformanceSetup.filterFor(coldIssuer.realm("demo"))),
                new ServletContainer.App("/dpop", ConformanceSetup.dpopFilterFor(issuer.realm("demo"))));
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return ConformanceSetup.kit(issuer.realm("demo"), coldIssuer.realm("demo"), this::uri).tests();
    }
}
