package dev.audguard.servlet;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.stream.Stream;

/** The adapter conformance kit against the filter in embedded Tomcat 11. */
@Tag("tomcat")
class TomcatConformanceIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();
    @RegisterExtension
    static ReferenceIssuerExtension coldIssuer = ReferenceIssuerExtension.builtInDemo();

    private static TomcatServer tomcat;

    @BeforeAll
    static void start() {
        tomcat = TomcatServer.start(
                new TomcatServer.App("/app", ConformanceSetup.filterFor(issuer.realm("demo"))),
                new TomcatServer.App("/cold", ConformanceSetup.filterFor(coldIssuer.realm("demo"))),
                new TomcatServer.App("/dpop", ConformanceSetup.dpopFilterFor(issuer.realm("demo"))));
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return ConformanceSetup.kit(issuer.realm("demo"), coldIssuer.realm("demo"), tomcat::uri).tests();
    }
}
