package dev.audguard.jaxrs;

import dev.audguard.core.ProtectedResource;
import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fail-closed backstop: Jersey and RESTEasy show every resource method (sub-resources of
 * locators included) to the DynamicFeature, so here the feature's filters are registered without
 * it, as if a framework had skipped some methods; every rule still holds, from the guard.
 */
class MethodGuardIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    /** BearerTokenFeature.configure without the PolicyFeature. */
    private record WithoutDynamicFeature(Engine engine) implements Feature {
        @Override
        public boolean configure(FeatureContext context) {
            context.register(new EntryFilter(engine), Priorities.AUTHENTICATION);
            context.register(new MethodGuard(engine), Priorities.AUTHENTICATION + 1);
            context.register(new ReleaseFilter(engine.tokens), Priorities.AUTHENTICATION);
            return true;
        }
    }

    @Test
    void methodsNeverShownAtStartUpKeepTheirRules() {
        RealmHandle demo = issuer.realm("demo");
        Engine engine = new Engine(ProtectedResource.builder(TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b")
                .build()).principalClaim("preferred_username").rolesFromClient("reports-api").realm("demo").build(), true);
        String bob = demo.passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();
        String alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        try (TestServer server = JerseyServer.start(new org.glassfish.jersey.server.ResourceConfig(RulesApp.Reports.class,
                RulesApp.Orders.class, RulesApp.Items.class).register(new WithoutDynamicFeature(engine)))) {
            assertThat(Http.get(server.uri("/orders")).statusCode()).isEqualTo(401);
            assertThat(Http.lines(Http.bearer(server.uri("/orders"), alice))).containsEntry("principal", "alice");
            assertThat(Http.get(server.uri("/orders/public")).statusCode()).isEqualTo(200);
            assertThat(Http.bearer(server.uri("/reports"), alice).statusCode()).isEqualTo(401);
            assertThat(Http.bearer(server.uri("/reports"), bob).statusCode()).isEqualTo(200);
            assertThat(Http.bearer(server.uri("/reports/internal"), bob).statusCode()).isEqualTo(403);
            assertThat(Http.bearer(server.uri("/orders/write"), bob).statusCode()).isEqualTo(403);
            assertThat(Http.bearer(server.uri("/items/7"), alice).statusCode()).isEqualTo(403);
            assertThat(Http.bearer(server.uri("/items/7"), bob).statusCode()).isEqualTo(200);
        }
    }
}
