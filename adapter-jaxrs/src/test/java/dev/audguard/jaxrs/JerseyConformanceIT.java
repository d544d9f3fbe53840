package dev.audguard.jaxrs;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.stream.Stream;

/** The adapter conformance kit against the feature in Jersey 3.1 (Grizzly), over real HTTP. */
class JerseyConformanceIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();
    @RegisterExtension
    static ReferenceIssuerExtension coldIssuer = ReferenceIssuerExtension.builtInDemo();

    private static TestServer app;
    private static TestServer cold;

    @BeforeAll
    static void start() {
        app = JerseyServer.start(ConformanceApp.trusting(issuer.realm("demo")));
        cold = JerseyServer.start(ConformanceApp.trusting(coldIssuer.realm("demo")));
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
