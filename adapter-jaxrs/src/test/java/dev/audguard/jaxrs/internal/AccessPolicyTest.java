package dev.audguard.jaxrs.internal;

import dev.audguard.core.AudienceMatch;
import dev.audguard.core.AudienceRule;
import dev.audguard.jaxrs.RequireAudience;
import dev.audguard.jaxrs.RequireScope;
import dev.audguard.jaxrs.internal.AccessPolicy.Access;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessPolicyTest {

    static class Plain {
        public String get() {
            return "";
        }

        @PermitAll
        public String open() {
            return "";
        }

        @DenyAll
        @RolesAllowed("a")
        @PermitAll
        public String denyWins() {
            return "";
        }

        @RolesAllowed({"a", "b"})
        @PermitAll
        public String rolesBeatPermit() {
            return "";
        }

        @RolesAllowed({})
        public String emptyRoles() {
            return "";
        }

        public void suspended(@Suspended AsyncResponse response) {
        }

        public CompletionStage<String> staged() {
            return null;
        }
    }

    @RolesAllowed("viewer")
    @RequireAudience(value = {"reports-api", "archive"}, match = AudienceMatch.ALL_OF)
    @RequireScope({"reports:read"})
    static class Annotated {
        public String get() {
            return "";
        }

        @PermitAll
        public String open() {
            return "";
        }

        @RolesAllowed("admin")
        @RequireAudience("service-b")
        @RequireScope({"reports:write", "audit"})
        public String own() {
            return "";
        }
    }

    @DenyAll
    static class Closed {
        public String get() {
            return "";
        }

        @RolesAllowed("a")
        public String roles() {
            return "";
        }
    }

    static class Broken {
        @RequireScope({})
        public String noScope() {
            return "";
        }

        @RequireScope("two words")
        public String spaced() {
            return "";
        }

        @RequireAudience({})
        public String noAudience() {
            return "";
        }
    }

    interface Api {
        @RolesAllowed("viewer")
        String get();

        String plain();

        @RequireScope({"b", "a"})
        String scoped();
    }

    @RequireAudience("reports-api")
    static class ApiImpl implements Api {
        @Override
        public String get() {
            return "";
        }

        @Override
        @DenyAll
        public String plain() {
            return "";
        }

        @Override
        @RequireScope({"a", "b"})
        public String scoped() {
            return "";
        }
    }

    abstract static class Base {
        @PermitAll
        public abstract String open();

        public abstract String closed();
    }

    static class Derived extends Base {
        @Override
        @RolesAllowed("admin")
        public String open() {
            return "";
        }

        @Override
        @RolesAllowed("admin")
        public String closed() {
            return "";
        }
    }

    private static java.lang.reflect.Method method(Class<?> type, String name) throws NoSuchMethodException {
        return type.getMethod(name);
    }

    @Test
    void anInterfaceMethodsRuleHoldsOnItsImplementationWhicheverTheFrameworkReports() throws NoSuchMethodException {
        // Jersey reports the implementation and its method, RESTEasy the interface's method
        for (var reported : new java.lang.reflect.Method[] {method(ApiImpl.class, "get"), method(Api.class, "get")}) {
            AccessPolicy policy = AccessPolicy.of(ApiImpl.class, reported);
            assertThat(policy.access()).isEqualTo(Access.ROLES);
            assertThat(policy.roles()).containsExactly("viewer");
            assertThat(policy.requirements().audience()).contains(AudienceRule.anyOf("reports-api"));
        }
    }

    @Test
    void anImplementationsRuleHoldsWhenTheInterfaceIsReported() throws NoSuchMethodException {
        assertThat(AccessPolicy.of(ApiImpl.class, method(Api.class, "plain")).access()).isEqualTo(Access.DENY_ALL);
        assertThat(AccessPolicy.of(Api.class, method(Api.class, "plain")).access()).isEqualTo(Access.AUTHENTICATED);
    }

    @Test
    void placesThatStateTheSameRuleAgree() throws NoSuchMethodException {
        assertThat(AccessPolicy.of(ApiImpl.class, method(Api.class, "scoped")).requirements().scopes())
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aSubclassThatContradictsItsSuperclassStopsTheApplication() {
        assertThatThrownBy(() -> AccessPolicy.of(Derived.class, method(Base.class, "open")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Derived#open")
                .hasMessageContaining("@PermitAll on Base#open contradicts @RolesAllowed[admin] on Derived#open");
    }

    @Test
    void aRuleOnTheSubclassOverrideAloneIsHonoured() throws NoSuchMethodException {
        AccessPolicy policy = AccessPolicy.of(Derived.class, method(Base.class, "closed"));

        assertThat(policy.access()).isEqualTo(Access.ROLES);
        assertThat(policy.roles()).containsExactly("admin");
    }

    private static AccessPolicy policy(Class<?> type, String method) throws NoSuchMethodException {
        for (var m : type.getMethods()) {
            if (m.getName().equals(method)) {
                return AccessPolicy.of(type, m);
            }
        }
        throw new NoSuchMethodException(method);
    }

    @Test
    void byDefaultAMethodNeedsAnyValidToken() throws NoSuchMethodException {
        AccessPolicy policy = policy(Plain.class, "get");

        assertThat(policy.access()).isEqualTo(Access.AUTHENTICATED);
        assertThat(policy.requirements().audience()).isEmpty();
        assertThat(policy.requirements().scopes()).isEmpty();
        assertThat(policy.synchronous()).isTrue();
    }

    @Test
    void onOneElementDenyAllWinsThenRolesAllowedThenPermitAll() throws NoSuchMethodException {
        assertThat(policy(Plain.class, "open").access()).isEqualTo(Access.PERMIT_ALL);
        assertThat(policy(Plain.class, "denyWins").access()).isEqualTo(Access.DENY_ALL);
        AccessPolicy roles = policy(Plain.class, "rolesBeatPermit");
        assertThat(roles.access()).isEqualTo(Access.ROLES);
        assertThat(roles.roles()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void anEmptyRolesAllowedAdmitsNobody() throws NoSuchMethodException {
        assertThat(policy(Plain.class, "emptyRoles").access()).isEqualTo(Access.DENY_ALL);
    }

    @Test
    void theClassAppliesToMethodsWithoutTheirOwn() throws NoSuchMethodException {
        AccessPolicy policy = policy(Annotated.class, "get");

        assertThat(policy.access()).isEqualTo(Access.ROLES);
        assertThat(policy.roles()).containsExactly("viewer");
        assertThat(policy.requirements().audience()).contains(AudienceRule.allOf("reports-api", "archive"));
        assertThat(policy.requirements().scopes()).containsExactly("reports:read");
        assertThat(policy(Closed.class, "get").access()).isEqualTo(Access.DENY_ALL);
    }

    @Test
    void methodAnnotationsReplaceTheClasss() throws NoSuchMethodException {
        AccessPolicy own = policy(Annotated.class, "own");
        assertThat(own.roles()).containsExactly("admin");
        assertThat(own.requirements().audience()).contains(AudienceRule.anyOf("service-b"));
        assertThat(own.requirements().scopes()).containsExactlyInAnyOrder("reports:write", "audit");

        AccessPolicy open = policy(Annotated.class, "open");
        assertThat(open.access()).isEqualTo(Access.PERMIT_ALL);
        // only the access rule is the method's own: the class's audience and scopes still apply to a token that is sent
        assertThat(open.requirements().audience()).contains(AudienceRule.allOf("reports-api", "archive"));

        assertThat(policy(Closed.class, "roles").access()).isEqualTo(Access.ROLES);
    }

    @Test
    void suspendedAndStagedMethodsAreNotSynchronous() throws NoSuchMethodException {
        assertThat(policy(Plain.class, "suspended").synchronous()).isFalse();
        assertThat(policy(Plain.class, "staged").synchronous()).isFalse();
    }

    @Test
    void annotationsThatCannotBeHonouredStopTheApplication() {
        assertThatThrownBy(() -> policy(Broken.class, "noScope")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Broken#noScope").hasMessageContaining("@RequireScope names no scope");
        assertThatThrownBy(() -> policy(Broken.class, "spaced")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Broken#spaced");
        assertThatThrownBy(() -> policy(Broken.class, "noAudience")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@RequireAudience names no audience");
    }
}
