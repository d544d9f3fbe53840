package dev.audguard.jaxrs;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Resources whose security annotations contradict each other across their hierarchy: none may start, or be served. */
final class ContradictingResources {
    private ContradictingResources() {
    }

    @Path("contradicting/interface")
    public interface RolesOnInterface {
        @GET
        @RolesAllowed("viewer")
        String get();
    }

    /** The implementation says nobody, the interface says viewers. */
    public static class DenyOnImplementation implements RolesOnInterface {
        @Override
        @DenyAll
        public String get() {
            return "ok\n";
        }
    }

    @Path("contradicting/superclass")
    public abstract static class ScopeOnSuperclass {
        @GET
        @RequireScope("orders:read")
        public abstract String get();
    }

    /** The subclass asks for another scope than its superclass. */
    public static class OtherScopeOnSubclass extends ScopeOnSuperclass {
        @Override
        @RequireScope("orders:write")
        public String get() {
            return "ok\n";
        }
    }

    /** The implementation class's audience contradicts the interface's. */
    @RequireAudience("reports-api")
    public static class AudienceOnImplementationClass implements AudienceOnInterface {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("contradicting/audience")
    @RequireAudience("service-b")
    public interface AudienceOnInterface {
        @GET
        String get();
    }

    /** A locator whose declared type contradicts its interface: found when the application starts. */
    @Path("contradicting/locator")
    public static class DeclaredLocator {
        @Path("item")
        public DenyOnImplementation item() {
            return new DenyOnImplementation();
        }
    }

    public interface Located {
        @GET
        @RolesAllowed("viewer")
        String get();
    }

    /** Returned where the locator declares only {@link Located}: its contradiction shows at the request. */
    public static class DenyingLocated implements Located {
        @Override
        @DenyAll
        public String get() {
            return "ok\n";
        }
    }

    @Path("contradicting/late")
    public static class LateLocator {
        @Path("item")
        public Located item() {
            return new DenyingLocated();
        }
    }
}
