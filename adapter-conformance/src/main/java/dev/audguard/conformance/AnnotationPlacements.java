package dev.audguard.conformance;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The endpoint shapes of the kit's annotation-placement cases
 * ({@link AdapterConformance.Builder#annotationPlacementsAt(URI)}): where a security annotation
 * may sit in a resource's type hierarchy, and which rule it states. A service under test exposes,
 * under one base URL, an endpoint {@code GET {base}/{rule}/{placement}} for every
 * {@link Rule} and {@link Placement}, its rule stated in that place and nowhere else; the kit
 * checks over HTTP that each rule holds, wherever it was written.
 *
 * <p>The kit stays a black box: it knows these names and what each endpoint must answer, not how
 * a framework reads annotations. With Jakarta REST, for rule {@link Rule#ROLE} and placement
 * {@link Placement#INTERFACE_METHOD}:
 * <pre>{@code
 * @Path("placements/role/interface-method")
 * public interface RoleOnInterfaceMethod {
 *     @GET
 *     @RolesAllowed(AnnotationPlacements.ROLE)
 *     String get();
 * }
 * public static class RoleOnInterfaceMethodResource implements RoleOnInterfaceMethod {
 *     public String get() { return "ok"; }      // registered with the application
 * }
 * }</pre>
 *
 * <p>Roles are granted the way audguard's adapters read them by default: Keycloak realm roles,
 * {@code realm_access.roles}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AnnotationPlacements {
    /** The role {@link Rule#ROLE} endpoints require. */
    public static final String ROLE = "placement-admin";
    /** The scope {@link Rule#SCOPE} endpoints require. */
    public static final String SCOPE = "placement:write";
    /** The audience {@link Rule#AUDIENCE} endpoints require instead of the service's own. */
    public static final String AUDIENCE = "placement-api";

    private AnnotationPlacements() {
    }

    /** What the annotation of an endpoint states. */
    public enum Rule {
        /** {@code @RolesAllowed(ROLE)}: no token 401, a token without the role 403, with it 2xx. */
        ROLE,
        /** {@code @DenyAll}: no token 401, any valid token 403, even one with {@link #ROLE}. */
        DENY,
        /** {@code @RequireScope(SCOPE)} (or the framework's equivalent): 403 naming the scope without it, 2xx with it. */
        SCOPE,
        /** {@code @RequireAudience(AUDIENCE)}: a token for the service's own audience 401, one for {@link #AUDIENCE} 2xx. */
        AUDIENCE,
        /** {@code @PermitAll}: 2xx without a token. */
        PERMIT;

        /** The URL segment: the name in lower case. */
        public String segment() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where the annotation sits. */
    public enum Placement {
        /** {@code @Path} and the HTTP method on an interface; the rule on the implementing class's method. */
        IMPLEMENTATION_METHOD("implementation-method"),
        /** {@code @Path} and the HTTP method on an interface; the rule on the implementing class. */
        IMPLEMENTATION_CLASS("implementation-class"),
        /** The rule on the interface's method. */
        INTERFACE_METHOD("interface-method"),
        /** The rule on the interface. */
        INTERFACE_CLASS("interface-class"),
        /** {@code @Path} and the HTTP method on an abstract superclass's method, with the rule; the subclass implements it. */
        SUPERCLASS_METHOD("superclass-method"),
        /** The rule on the abstract superclass. */
        SUPERCLASS_CLASS("superclass-class"),
        /** {@code @Path} and the HTTP method on the abstract superclass; the rule on the subclass's override. */
        SUBCLASS_OVERRIDE("subclass-override"),
        /** The rule on the subclass. */
        SUBCLASS_CLASS("subclass-class"),
        /** Behind a sub-resource locator whose declared type is an interface: the rule on the interface's method. */
        LOCATOR_INTERFACE_METHOD("locator/interface-method"),
        /** Behind a sub-resource locator whose declared type is an interface: the rule on the returned class's method. */
        LOCATOR_IMPLEMENTATION_METHOD("locator/implementation-method");

        private final String path;

        Placement(String path) {
            this.path = path;
        }

        /** The path under {@code {base}/{rule}/}. */
        public String path() {
            return path;
        }
    }

    /** The endpoint of {@code rule} in {@code placement} under {@code base}. */
    public static URI url(URI base, Rule rule, Placement placement) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(placement, "placement");
        String s = Objects.requireNonNull(base, "base").toString();
        return URI.create((s.endsWith("/") ? s : s + "/") + rule.segment() + "/" + placement.path());
    }
}
