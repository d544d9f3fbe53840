package dev.audguard.servlet;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.stream.Stream;

/** The adapter conformance kit against the filter in embedded Jetty 12 (ee10). */
class JettyConformanceIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();
    @RegisterExtension
    static ReferenceIssuerExtension coldIssuer = ReferenceIssuerExtension.builtInDemo();

    private static JettyServer jetty;

    @BeforeAll
    static void start() {
        jetty = JettyServer.start(
                JettyServer.App.of("/app", ConformanceSetup.filterFor(issuer.realm("demo"))),
                JettyServer.App.of("/cold", ConformanceSetup.filterFor(coldIssuer.realm("demo"))),
                JettyServer.App.of("/dpop", ConformanceSetup.dpopFilterFor(issuer.realm("demo"))));
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return ConformanceSetup.kit(issuer.realm("demo"), coldIssuer.realm("demo"), jetty::uri).tests();
    }
}
