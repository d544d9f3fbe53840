package dev.audguard.spring.reactive;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.spring.IntrospectionContract;
import dev.audguard.testsupport.issuer.IntrospectionRealms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code audguard.introspection.*} in a WebFlux application, over real HTTP on Reactor Netty
 * against the reference issuer: its client {@code caller} hands out opaque access tokens for the
 * audience {@code reactive-service}, which the front door introspects (RFC 7662) as
 * {@code reactive-service}, off the event loop with the rest of the front door. Keycloak's rule
 * holds: only a client in the token's audience gets {@code active: true}. The cases are
 * {@link IntrospectionContract}'s, which the servlet stack runs too.
 */
class ReactiveIntrospectionIT extends IntrospectionContract {
    @RegisterExtension
    static final ReactiveService service = new ReactiveService();
    private static RealmHandle demo;

    ReactiveIntrospectionIT() {
        super(new ServiceUnderTest(demo, service::uri, "caller", "caller-secret", "/api/data", "data:"));
    }

    @BeforeAll
    static void start() {
        demo = service.issuer(IntrospectionRealms.opaqueTokensForReactiveService()).realm("demo");
        service.start(demo.issuerUrl(),
                "audguard.introspection.endpoint", demo.introspectionEndpoint().toString(),
                "audguard.introspection.client-id", "reactive-service",
                "audguard.introspection.client-secret", "reactive-secret",
                "audguard.paths[0].pattern", "/reports/**",
                "audguard.paths[0].audiences", "reports-api",
                "audguard.retry-after", "7s");
    }
}
