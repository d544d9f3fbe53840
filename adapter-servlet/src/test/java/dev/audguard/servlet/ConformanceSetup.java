package dev.audguard.servlet;

import dev.audguard.conformance.AdapterConformance;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.issuer.RealmHandle;

import java.net.URI;
import java.util.function.Function;

/** What the Jetty and Tomcat conformance runs share: the filter under test and the kit's settings. */
final class ConformanceSetup {
    private ConformanceSetup() {
    }

    /** The filter every container runs: audience service-b, {@code /admin/*} also needs scopes admin and audit. */
    static BearerTokenFilter filterFor(RealmHandle realm) {
        TokenValidator validator = TokenValidator.builder().issuer(realm.issuerUrl()).audience("service-b").build();
        return BearerTokenFilter.builder(validator)
                .realm("demo")
                .require("/admin/*", Requirements.scopes("admin", "audit"))
                .build();
    }

    /** What clients call the DPoP service: htu comes from here, never from the loopback address they connect to. */
    static final String EXTERNAL = "https://orders.example.com";

    /** The filter of {@code /dpop}: audience service-b, DPoP-bound tokens accepted (policy allowed) with htu from {@link #EXTERNAL}. */
    static BearerTokenFilter dpopFilterFor(RealmHandle realm) {
        TokenValidator validator = TokenValidator.builder().issuer(realm.issuerUrl()).audience("service-b").build();
        SenderConstraints constraints = SenderConstraints.builder()
                .dpop(DpopVerifier.builder().externalBaseUrl(URI.create(EXTERNAL)).build()).build();
        return BearerTokenFilter.builder(validator).realm("demo").senderBinding(constraints.step()).build();
    }

    /** The kit against {@code /app} (trusting {@code realm}), {@code /dpop} (the same with DPoP) and {@code /cold} (trusting {@code coldRealm}). */
    static AdapterConformance kit(RealmHandle realm, RealmHandle coldRealm, Function<String, URI> uri) {
        return AdapterConformance.builder()
                .realm(realm)
                .protectedUrl(uri.apply("/app/orders"))
                .audience("service-b")
                .scopeRequiredAt(uri.apply("/app/admin/report"), "admin", "audit")
                .keysUnavailableAt(uri.apply("/cold/orders"), coldRealm)
                .dpopAt(uri.apply("/dpop/orders"), URI.create(EXTERNAL + "/dpop/orders"))
                .build();
    }
}
