package dev.audguard.jaxrs;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.stream.Stream;

/** The adapter conformance kit against the feature in RESTEasy 6.2 (its servlet dispatcher in Jetty 12 ee10), over real HTTP. */
@Tag("resteasy")
class ResteasyConformanceIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();
    @RegisterExtension
    static ReferenceIssuerExtension coldIssuer = ReferenceIssuerExtension.builtInDemo();

    private static TestServer app;
    private static TestServer cold;

    @BeforeAll
    static void start() {
        app = ResteasyServer.start(ConformanceApp.trusting(issuer.realm("demo")));
        cold = ResteasyServer.start(ConformanceApp.trusting(coldIssuer.realm("demo")));
    }

    @AfterAll
    static void stop() {
        app.close();
        cold.close();
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return ConformanceApp.kit(issuer.realm("demo"), coldIssuer.realm("demo"), app, cold).tests();
    }
}
