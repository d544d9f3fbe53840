package dev.audguard.jaxrs;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;
import java.util.Set;

/** Resources that exercise every annotation rule; each answers with what it saw ({@link Who}). */
final class RulesApp extends Application {
    private final BearerTokenFeature feature;

    RulesApp(BearerTokenFeature feature) {
        this.feature = feature;
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(Reports.class, Orders.class, Public.class, Items.class);
    }

    // deprecated in Jakarta REST 3.1 in favour of CDI, yet the one portable way to hand Jersey and
    // RESTEasy an instance without CDI
    @SuppressWarnings("deprecation")
    @Override
    public Set<Object> getSingletons() {
        return Set.of(feature);
    }

    /** Class rules: audience reports-api, role viewer; methods override them. */
    @Path("reports")
    @RequireAudience("reports-api")
    @RolesAllowed("viewer")
    public static class Reports {
        @GET
        public String list(@Context SecurityContext security, @QueryParam("role") List<String> roles) {
            return Who.lines(security, roles);
        }

        @GET
        @Path("summary")
        @PermitAll
        public String summary(@Context SecurityContext security) {
            return Who.lines(security, List.of());
        }

        @GET
        @Path("internal")
        @DenyAll
        public String internal() {
            return "internal\n";
        }

        @GET
        @Path("for-service-b")
        @RequireAudience("service-b")
        public String forServiceB(@Context SecurityContext security) {
            return Who.lines(security, List.of());
        }
    }

    /** No class rules: the validator's audience (service-b), any valid token. */
    @Path("orders")
    public static class Orders {
        @GET
        public String list(@Context SecurityContext security, @QueryParam("role") List<String> roles) {
            return Who.lines(security, roles);
        }

        @GET
        @Path("public")
        @PermitAll
        public String open(@Context SecurityContext security) {
            return Who.lines(security, List.of());
        }

        @GET
        @Path("write")
        @RequireScope("orders:write")
        public String write() {
            return "written\n";
        }

        @GET
        @Path("admin")
        @RolesAllowed({"admin", "auditor"})
        public String admin() {
            return "admin\n";
        }
    }

    /** Class @PermitAll; one method needs a role. */
    @Path("public")
    @PermitAll
    public static class Public {
        @GET
        public String hello(@Context SecurityContext security) {
            return Who.lines(security, List.of());
        }

        @GET
        @Path("private")
        @RolesAllowed("viewer")
        public String secret() {
            return "secret\n";
        }
    }

    /** A sub-resource locator: the framework finds {@link Item}'s methods at request time. */
    @Path("items")
    public static class Items {
        @Path("{id}")
        public Item item(@PathParam("id") String id) {
            return new Item(id);
        }
    }

    public static class Item {
        private final String id;

        Item(String id) {
            this.id = id;
        }

        @GET
        @RolesAllowed("viewer")
        public String get() {
            return "item=" + id + "\n";
        }
    }
}
