package dev.audguard.jaxrs;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.stream.Stream;

/**
 * The adapter conformance kit against the feature, over real HTTP: an application trusting a warm
 * realm and one trusting a realm whose keys were never fetched; and the kit with its DPoP cases
 * ({@code dpopAt}) against an application whose feature checks DPoP proofs, on a realm of its own
 * (the kit retires that realm's keys in one case). Each Jakarta REST implementation's IT runs it in
 * its own container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceCases {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();
    @RegisterExtension
    static ReferenceIssuerExtension coldIssuer = ReferenceIssuerExtension.builtInDemo();
    @RegisterExtension
    static ReferenceIssuerExtension dpopIssuer = ReferenceIssuerExtension.builtInDemo();

    /** What DPoP clients call the service: deliberately not the loopback address they connect to. */
    static final URI EXTERNAL = URI.create("https://orders.example.com");

    private TestServer app;
    private TestServer cold;
    private TestServer dpop;

    /** The implementation under test: serves an application on loopback, port 0. */
    abstract TestServer.Factory servers();

    @BeforeAll
    void start() {
        app = servers().apply(ConformanceApp.trusting(issuer.realm("demo")));
        cold = servers().apply(ConformanceApp.trusting(coldIssuer.realm("demo")));
        dpop = servers().apply(ConformanceApp.trustingWithDpop(dpopIssuer.realm("demo"), EXTERNAL));
    }

    @AfterAll
    void stop() {
        app.close();
        cold.close();
        dpop.close();
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return ConformanceApp.kit(issuer.realm("demo"), coldIssuer.realm("demo"), app, cold).tests();
    }

    @TestFactory
    Stream<DynamicTest> conformanceWithDpop() {
        return ConformanceApp.dpopKit(dpopIssuer.realm("demo"), dpop, EXTERNAL).tests();
    }
}
