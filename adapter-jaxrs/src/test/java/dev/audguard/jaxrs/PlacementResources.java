package dev.audguard.jaxrs;

import dev.audguard.conformance.AnnotationPlacements;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import java.util.Set;

/**
 * The conformance kit's {@link AnnotationPlacements} in Jakarta REST: for every rule and
 * placement, one resource under {@code /placements/{rule}/{placement}} whose rule is written in
 * that place of its type hierarchy and nowhere else. Written out in full (no generation at build
 * time) so that each placement reads as a user would write it.
 */
final class PlacementResources {
    /** The classes to register: the implementations and the locators' roots. */
    static final Set<Class<?>> CLASSES = Set.of(
            RoleOnInterfaceMethodResource.class,
            RoleOnInterfaceClassResource.class,
            RoleOnImplementationMethodResource.class,
            RoleOnImplementationClassResource.class,
            RoleOnSuperclassMethodResource.class,
            RoleOnSuperclassClassResource.class,
            RoleOnSubclassOverrideResource.class,
            RoleOnSubclassClassResource.class,
            RoleLocators.class,
            DenyOnInterfaceMethodResource.class,
            DenyOnInterfaceClassResource.class,
            DenyOnImplementationMethodResource.class,
            DenyOnImplementationClassResource.class,
            DenyOnSuperclassMethodResource.class,
            DenyOnSuperclassClassResource.class,
            DenyOnSubclassOverrideResource.class,
            DenyOnSubclassClassResource.class,
            DenyLocators.class,
            ScopeOnInterfaceMethodResource.class,
            ScopeOnInterfaceClassResource.class,
            ScopeOnImplementationMethodResource.class,
            ScopeOnImplementationClassResource.class,
            ScopeOnSuperclassMethodResource.class,
            ScopeOnSuperclassClassResource.class,
            ScopeOnSubclassOverrideResource.class,
            ScopeOnSubclassClassResource.class,
            ScopeLocators.class,
            AudienceOnInterfaceMethodResource.class,
            AudienceOnInterfaceClassResource.class,
            AudienceOnImplementationMethodResource.class,
            AudienceOnImplementationClassResource.class,
            AudienceOnSuperclassMethodResource.class,
            AudienceOnSuperclassClassResource.class,
            AudienceOnSubclassOverrideResource.class,
            AudienceOnSubclassClassResource.class,
            AudienceLocators.class,
            PermitOnInterfaceMethodResource.class,
            PermitOnInterfaceClassResource.class,
            PermitOnImplementationMethodResource.class,
            PermitOnImplementationClassResource.class,
            PermitOnSuperclassMethodResource.class,
            PermitOnSuperclassClassResource.class,
            PermitOnSubclassOverrideResource.class,
            PermitOnSubclassClassResource.class,
            PermitLocators.class);

    private PlacementResources() {
    }

    // ---- role: @RolesAllowed(AnnotationPlacements.ROLE)
    @Path("placements/role/interface-method")
    public interface RoleOnInterfaceMethod {
        @GET
        @RolesAllowed(AnnotationPlacements.ROLE)
        String get();
    }

    public static class RoleOnInterfaceMethodResource implements RoleOnInterfaceMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/role/interface-class")
    @RolesAllowed(AnnotationPlacements.ROLE)
    public interface RoleOnInterfaceClass {
        @GET
        String get();
    }

    public static class RoleOnInterfaceClassResource implements RoleOnInterfaceClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/role/implementation-method")
    public interface RoleOnImplementationMethod {
        @GET
        String get();
    }

    public static class RoleOnImplementationMethodResource implements RoleOnImplementationMethod {
        @Override
        @RolesAllowed(AnnotationPlacements.ROLE)
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/role/implementation-class")
    public interface RoleOnImplementationClass {
        @GET
        String get();
    }

    @RolesAllowed(AnnotationPlacements.ROLE)
    public static class RoleOnImplementationClassResource implements RoleOnImplementationClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/role/superclass-method")
    public abstract static class RoleOnSuperclassMethod {
        @GET
        @RolesAllowed(AnnotationPlacements.ROLE)
        public abstract String get();
    }

    public static class RoleOnSuperclassMethodResource extends RoleOnSuperclassMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/role/superclass-class")
    @RolesAllowed(AnnotationPlacements.ROLE)
    public abstract static class RoleOnSuperclassClass {
        @GET
        public abstract String get();
    }

    public static class RoleOnSuperclassClassResource extends RoleOnSuperclassClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/role/subclass-override")
    public abstract static class RoleOnSubclassOverride {
        @GET
        public abstract String get();
    }

    public static class RoleOnSubclassOverrideResource extends RoleOnSubclassOverride {
        @Override
        @RolesAllowed(AnnotationPlacements.ROLE)
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/role/subclass-class")
    public abstract static class RoleOnSubclassClass {
        @GET
        public abstract String get();
    }

    @RolesAllowed(AnnotationPlacements.ROLE)
    public static class RoleOnSubclassClassResource extends RoleOnSubclassClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/role/locator")
    public static class RoleLocators {
        @Path("interface-method")
        public RoleLocatedInterfaceMethod interfaceMethod() {
            return new RoleLocatedInterfaceMethodResource();
        }

        @Path("implementation-method")
        public RoleLocatedPlain implementationMethod() {
            return new RoleLocatedImplementationMethodResource();
        }
    }

    public interface RoleLocatedInterfaceMethod {
        @GET
        @RolesAllowed(AnnotationPlacements.ROLE)
        String get();
    }

    public static class RoleLocatedInterfaceMethodResource implements RoleLocatedInterfaceMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    public interface RoleLocatedPlain {
        @GET
        String get();
    }

    public static class RoleLocatedImplementationMethodResource implements RoleLocatedPlain {
        @Override
        @RolesAllowed(AnnotationPlacements.ROLE)
        public String get() {
            return "ok\n";
        }
    }

    // ---- deny: @DenyAll
    @Path("placements/deny/interface-method")
    public interface DenyOnInterfaceMethod {
        @GET
        @DenyAll
        String get();
    }

    public static class DenyOnInterfaceMethodResource implements DenyOnInterfaceMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/deny/interface-class")
    @DenyAll
    public interface DenyOnInterfaceClass {
        @GET
        String get();
    }

    public static class DenyOnInterfaceClassResource implements DenyOnInterfaceClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/deny/implementation-method")
    public interface DenyOnImplementationMethod {
        @GET
        String get();
    }

    public static class DenyOnImplementationMethodResource implements DenyOnImplementationMethod {
        @Override
        @DenyAll
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/deny/implementation-class")
    public interface DenyOnImplementationClass {
        @GET
        String get();
    }

    @DenyAll
    public static class DenyOnImplementationClassResource implements DenyOnImplementationClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/deny/superclass-method")
    public abstract static class DenyOnSuperclassMethod {
        @GET
        @DenyAll
        public abstract String get();
    }

    public static class DenyOnSuperclassMethodResource extends DenyOnSuperclassMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/deny/superclass-class")
    @DenyAll
    public abstract static class DenyOnSuperclassClass {
        @GET
        public abstract String get();
    }

    public static class DenyOnSuperclassClassResource extends DenyOnSuperclassClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/deny/subclass-override")
    public abstract static class DenyOnSubclassOverride {
        @GET
        public abstract String get();
    }

    public static class DenyOnSubclassOverrideResource extends DenyOnSubclassOverride {
        @Override
        @DenyAll
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/deny/subclass-class")
    public abstract static class DenyOnSubclassClass {
        @GET
        public abstract String get();
    }

    @DenyAll
    public static class DenyOnSubclassClassResource extends DenyOnSubclassClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/deny/locator")
    public static class DenyLocators {
        @Path("interface-method")
        public DenyLocatedInterfaceMethod interfaceMethod() {
            return new DenyLocatedInterfaceMethodResource();
        }

        @Path("implementation-method")
        public DenyLocatedPlain implementationMethod() {
            return new DenyLocatedImplementationMethodResource();
        }
    }

    public interface DenyLocatedInterfaceMethod {
        @GET
        @DenyAll
        String get();
    }

    public static class DenyLocatedInterfaceMethodResource implements DenyLocatedInterfaceMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    public interface DenyLocatedPlain {
        @GET
        String get();
    }

    public static class DenyLocatedImplementationMethodResource implements DenyLocatedPlain {
        @Override
        @DenyAll
        public String get() {
            return "ok\n";
        }
    }

    // ---- scope: @RequireScope(AnnotationPlacements.SCOPE)
    @Path("placements/scope/interface-method")
    public interface ScopeOnInterfaceMethod {
        @GET
        @RequireScope(AnnotationPlacements.SCOPE)
        String get();
    }

    public static class ScopeOnInterfaceMethodResource implements ScopeOnInterfaceMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/scope/interface-class")
    @RequireScope(AnnotationPlacements.SCOPE)
    public interface ScopeOnInterfaceClass {
        @GET
        String get();
    }

    public static class ScopeOnInterfaceClassResource implements ScopeOnInterfaceClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/scope/implementation-method")
    public interface ScopeOnImplementationMethod {
        @GET
        String get();
    }

    public static class ScopeOnImplementationMethodResource implements ScopeOnImplementationMethod {
        @Override
        @RequireScope(AnnotationPlacements.SCOPE)
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/scope/implementation-class")
    public interface ScopeOnImplementationClass {
        @GET
        String get();
    }

    @RequireScope(AnnotationPlacements.SCOPE)
    public static class ScopeOnImplementationClassResource implements ScopeOnImplementationClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/scope/superclass-method")
    public abstract static class ScopeOnSuperclassMethod {
        @GET
        @RequireScope(AnnotationPlacements.SCOPE)
        public abstract String get();
    }

    public static class ScopeOnSuperclassMethodResource extends ScopeOnSuperclassMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/scope/superclass-class")
    @RequireScope(AnnotationPlacements.SCOPE)
    public abstract static class ScopeOnSuperclassClass {
        @GET
        public abstract String get();
    }

    public static class ScopeOnSuperclassClassResource extends ScopeOnSuperclassClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/scope/subclass-override")
    public abstract static class ScopeOnSubclassOverride {
        @GET
        public abstract String get();
    }

    public static class ScopeOnSubclassOverrideResource extends ScopeOnSubclassOverride {
        @Override
        @RequireScope(AnnotationPlacements.SCOPE)
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/scope/subclass-class")
    public abstract static class ScopeOnSubclassClass {
        @GET
        public abstract String get();
    }

    @RequireScope(AnnotationPlacements.SCOPE)
    public static class ScopeOnSubclassClassResource extends ScopeOnSubclassClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/scope/locator")
    public static class ScopeLocators {
        @Path("interface-method")
        public ScopeLocatedInterfaceMethod interfaceMethod() {
            return new ScopeLocatedInterfaceMethodResource();
        }

        @Path("implementation-method")
        public ScopeLocatedPlain implementationMethod() {
            return new ScopeLocatedImplementationMethodResource();
        }
    }

    public interface ScopeLocatedInterfaceMethod {
        @GET
        @RequireScope(AnnotationPlacements.SCOPE)
        String get();
    }

    public static class ScopeLocatedInterfaceMethodResource implements ScopeLocatedInterfaceMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    public interface ScopeLocatedPlain {
        @GET
        String get();
    }

    public static class ScopeLocatedImplementationMethodResource implements ScopeLocatedPlain {
        @Override
        @RequireScope(AnnotationPlacements.SCOPE)
        public String get() {
            return "ok\n";
        }
    }

    // ---- audience: @RequireAudience(AnnotationPlacements.AUDIENCE)
    @Path("placements/audience/interface-method")
    public interface AudienceOnInterfaceMethod {
        @GET
        @RequireAudience(AnnotationPlacements.AUDIENCE)
        String get();
    }

    public static class AudienceOnInterfaceMethodResource implements AudienceOnInterfaceMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/audience/interface-class")
    @RequireAudience(AnnotationPlacements.AUDIENCE)
    public interface AudienceOnInterfaceClass {
        @GET
        String get();
    }

    public static class AudienceOnInterfaceClassResource implements AudienceOnInterfaceClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/audience/implementation-method")
    public interface AudienceOnImplementationMethod {
        @GET
        String get();
    }

    public static class AudienceOnImplementationMethodResource implements AudienceOnImplementationMethod {
        @Override
        @RequireAudience(AnnotationPlacements.AUDIENCE)
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/audience/implementation-class")
    public interface AudienceOnImplementationClass {
        @GET
        String get();
    }

    @RequireAudience(AnnotationPlacements.AUDIENCE)
    public static class AudienceOnImplementationClassResource implements AudienceOnImplementationClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/audience/superclass-method")
    public abstract static class AudienceOnSuperclassMethod {
        @GET
        @RequireAudience(AnnotationPlacements.AUDIENCE)
        public abstract String get();
    }

    public static class AudienceOnSuperclassMethodResource extends AudienceOnSuperclassMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/audience/superclass-class")
    @RequireAudience(AnnotationPlacements.AUDIENCE)
    public abstract static class AudienceOnSuperclassClass {
        @GET
        public abstract String get();
    }

    public static class AudienceOnSuperclassClassResource extends AudienceOnSuperclassClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/audience/subclass-override")
    public abstract static class AudienceOnSubclassOverride {
        @GET
        public abstract String get();
    }

    public static class AudienceOnSubclassOverrideResource extends AudienceOnSubclassOverride {
        @Override
        @RequireAudience(AnnotationPlacements.AUDIENCE)
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/audience/subclass-class")
    public abstract static class AudienceOnSubclassClass {
        @GET
        public abstract String get();
    }

    @RequireAudience(AnnotationPlacements.AUDIENCE)
    public static class AudienceOnSubclassClassResource extends AudienceOnSubclassClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/audience/locator")
    public static class AudienceLocators {
        @Path("interface-method")
        public AudienceLocatedInterfaceMethod interfaceMethod() {
            return new AudienceLocatedInterfaceMethodResource();
        }

        @Path("implementation-method")
        public AudienceLocatedPlain implementationMethod() {
            return new AudienceLocatedImplementationMethodResource();
        }
    }

    public interface AudienceLocatedInterfaceMethod {
        @GET
        @RequireAudience(AnnotationPlacements.AUDIENCE)
        String get();
    }

    public static class AudienceLocatedInterfaceMethodResource implements AudienceLocatedInterfaceMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    public interface AudienceLocatedPlain {
        @GET
        String get();
    }

    public static class AudienceLocatedImplementationMethodResource implements AudienceLocatedPlain {
        @Override
        @RequireAudience(AnnotationPlacements.AUDIENCE)
        public String get() {
            return "ok\n";
        }
    }

    // ---- permit: @PermitAll
    @Path("placements/permit/interface-method")
    public interface PermitOnInterfaceMethod {
        @GET
        @PermitAll
        String get();
    }

    public static class PermitOnInterfaceMethodResource implements PermitOnInterfaceMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/permit/interface-class")
    @PermitAll
    public interface PermitOnInterfaceClass {
        @GET
        String get();
    }

    public static class PermitOnInterfaceClassResource implements PermitOnInterfaceClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/permit/implementation-method")
    public interface PermitOnImplementationMethod {
        @GET
        String get();
    }

    public static class PermitOnImplementationMethodResource implements PermitOnImplementationMethod {
        @Override
        @PermitAll
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/permit/implementation-class")
    public interface PermitOnImplementationClass {
        @GET
        String get();
    }

    @PermitAll
    public static class PermitOnImplementationClassResource implements PermitOnImplementationClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/permit/superclass-method")
    public abstract static class PermitOnSuperclassMethod {
        @GET
        @PermitAll
        public abstract String get();
    }

    public static class PermitOnSuperclassMethodResource extends PermitOnSuperclassMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/permit/superclass-class")
    @PermitAll
    public abstract static class PermitOnSuperclassClass {
        @GET
        public abstract String get();
    }

    public static class PermitOnSuperclassClassResource extends PermitOnSuperclassClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/permit/subclass-override")
    public abstract static class PermitOnSubclassOverride {
        @GET
        public abstract String get();
    }

    public static class PermitOnSubclassOverrideResource extends PermitOnSubclassOverride {
        @Override
        @PermitAll
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/permit/subclass-class")
    public abstract static class PermitOnSubclassClass {
        @GET
        public abstract String get();
    }

    @PermitAll
    public static class PermitOnSubclassClassResource extends PermitOnSubclassClass {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    @Path("placements/permit/locator")
    public static class PermitLocators {
        @Path("interface-method")
        public PermitLocatedInterfaceMethod interfaceMethod() {
            return new PermitLocatedInterfaceMethodResource();
        }

        @Path("implementation-method")
        public PermitLocatedPlain implementationMethod() {
            return new PermitLocatedImplementationMethodResource();
        }
    }

    public interface PermitLocatedInterfaceMethod {
        @GET
        @PermitAll
        String get();
    }

    public static class PermitLocatedInterfaceMethodResource implements PermitLocatedInterfaceMethod {
        @Override
        public String get() {
            return "ok\n";
        }
    }

    public interface PermitLocatedPlain {
        @GET
        String get();
    }

    public static class PermitLocatedImplementationMethodResource implements PermitLocatedPlain {
        @Override
        @PermitAll
        public String get() {
            return "ok\n";
        }
    }
}
