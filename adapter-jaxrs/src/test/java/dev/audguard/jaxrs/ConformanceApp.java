package dev.audguard.jaxrs;

import dev.audguard.conformance.AdapterConformance;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.issuer.RealmHandle;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/** What the Jersey and RESTEasy conformance runs share: the application under test and the kit's settings. */
final class ConformanceApp extends Application {
    private final BearerTokenFeature feature;

    private ConformanceApp(BearerTokenFeature feature) {
        this.feature = feature;
    }

    /**
     * Audience service-b; {@code /admin/report} also needs scopes admin and audit; the kit's
     * annotation placements under {@code /placements} ({@link PlacementResources}).
     */
    static ConformanceApp trusting(RealmHandle realm) {
        TokenValidator validator = TokenValidator.builder().issuer(realm.issuerUrl()).audience("service-b").build();
        return new ConformanceApp(BearerTokenFeature.builder(validator).realm("demo").build());
    }

    /**
     * As {@link #trusting}, with DPoP (policy allowed) whose proofs name {@code externalBaseUrl}: every
     * request then also passes the sender-binding step, and must answer as without it.
     */
    static ConformanceApp trustingWithDpop(RealmHandle realm, URI externalBaseUrl) {
        TokenValidator validator = TokenValidator.builder().issuer(realm.issuerUrl()).audience("service-b").build();
        SenderConstraints dpop = SenderConstraints.builder()
                .dpop(DpopVerifier.builder().externalBaseUrl(externalBaseUrl).build()).build();
        return new ConformanceApp(BearerTokenFeature.builder(validator).realm("demo").senderBinding(dpop.step()).build());
    }

    @Override
    public Set<Class<?>> getClasses() {
        Set<Class<?>> classes = new HashSet<>(PlacementResources.CLASSES);
        classes.add(Orders.class);
        classes.add(Admin.class);
        return classes;
    }

    // deprecated in Jakarta REST 3.1 in favour of CDI, yet the one portable way to hand Jersey and
    // RESTEasy an instance without CDI
    @SuppressWarnings("deprecation")
    @Override
    public Set<Object> getSingletons() {
        return Set.of(feature);
    }

    /** The kit against {@code app} (trusting {@code realm}) and {@code cold} (trusting {@code coldRealm}). */
    static AdapterConformance kit(RealmHandle realm, RealmHandle coldRealm, TestServer app, TestServer cold) {
        return AdapterConformance.builder()
                .realm(realm)
                .protectedUrl(app.uri("/orders"))
                .audience("service-b")
                .scopeRequiredAt(app.uri("/admin/report"), "admin", "audit")
                .keysUnavailableAt(cold.uri("/orders"), coldRealm)
                .annotationPlacementsAt(app.uri("/placements"))
                .build();
    }

    /**
     * The kit, its DPoP cases included, against {@code app} (built by {@link #trustingWithDpop} over
     * {@code realm} with {@code externalBaseUrl}).
     */
    static AdapterConformance dpopKit(RealmHandle realm, TestServer app, URI externalBaseUrl) {
        return AdapterConformance.builder()
                .realm(realm)
                .protectedUrl(app.uri("/orders"))
                .audience("service-b")
                .scopeRequiredAt(app.uri("/admin/report"), "admin", "audit")
                .dpopAt(app.uri("/orders"), externalBaseUrl.resolve("/orders"))
                .build();
    }

    @Path("orders")
    public static class Orders {
        @GET
        public String list() {
            return "orders\n";
        }
    }

    @Path("admin")
    @RequireScope({"admin", "audit"})
    public static class Admin {
        @GET
        @Path("report")
        public String report() {
            return "report\n";
        }
    }
}
