package dev.audguard.jaxrs;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import jakarta.ws.rs.core.Application;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the contracts over {@link RulesApp} share, run on each framework by a subclass: the demo
 * realm and a validator for its service-b audience.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RulesAppContract {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    /** Starts an application on the framework under test. */
    abstract TestServer start(Application app);

    static RealmHandle demo() {
        return issuer.realm("demo");
    }

    /** A validator of the demo realm's tokens for service-b, the audience {@link RulesApp}'s unannotated resources take. */
    static TokenValidator serviceBValidator() {
        return TokenValidator.builder().issuer(demo().issuerUrl()).audience("service-b").build();
    }
}
