package dev.audguard.jaxrs.internal;

import dev.audguard.core.AccessRule;
import dev.audguard.core.AudienceRule;
import dev.audguard.core.Requirements;
import dev.audguard.jaxrs.RequireAudience;
import dev.audguard.jaxrs.RequireScope;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.Suspended;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What one resource method requires of a request, resolved once from the annotations of its whole
 * hierarchy. Not API.
 *
 * <p>The places read: every type of the implementation's hierarchy (the implementation class, its
 * superclasses, every interface they implement) that declares the method (the implementation's
 * method or one it overrides), plus the implementation class itself. Three rules, each read on
 * its own: access ({@code @DenyAll}, {@code @RolesAllowed}, {@code @PermitAll}),
 * {@link RequireAudience} and {@link RequireScope}. For each rule:
 * <ol>
 *   <li>within one type, the method's annotation beats the type's (on one element {@code @DenyAll}
 *       beats {@code @RolesAllowed}, which beats {@code @PermitAll});</li>
 *   <li>a rule stated in one place of the hierarchy only is honoured wherever it is;</li>
 *   <li>places that state the rule differently fail start-up with a message that names the method
 *       and both places: no place silently wins over another;</li>
 *   <li>stated nowhere: any valid token, the validator's audience, no extra scope.</li>
 * </ol>
 * The rule is the same whichever class and method the framework reports (Jersey reports the
 * implementation, RESTEasy the interface or abstract superclass that carries {@code @Path}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param access who may call the method
 * @param roles for {@link Access#ROLES}: any one of them suffices
 * @param requirements passed to the validator whenever a token is validated
 * @param synchronous whether the method answers on the thread it runs on (no {@code @Suspended}
 *     parameter, no {@code CompletionStage} result): only then may the token be bound to the thread
 * @param rule the same as the front door's {@link AccessRule}, handed to it with every request
 */
public record AccessPolicy(Access access, Set<String> roles, Requirements requirements, boolean synchronous, AccessRule rule) {

    /** Who may call a resource method. */
    public enum Access {
        /** Anyone: no token needed; a token that is sent must still be valid. */
        PERMIT_ALL,
        /** Any valid token. */
        AUTHENTICATED,
        /** A valid token whose roles include one of {@link AccessPolicy#roles()}. */
        ROLES,
        /** Nobody: a valid token is refused with 403. */
        DENY_ALL
    }

    /** A policy that admits nobody, for requests whose method cannot be known or whose rules conflict. */
    public static final AccessPolicy NOBODY = create(Access.DENY_ALL, Set.of(), Requirements.none(), false);

    /** Servlet 6.0 section 13.3, kept for Jakarta REST: {@code @RolesAllowed("**")} admits any authenticated user. */
    private static final String ANY_AUTHENTICATED_USER = "**";

    /** Checks and copies. */
    public AccessPolicy {
        Objects.requireNonNull(access, "access");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(requirements, "requirements");
        Objects.requireNonNull(rule, "rule");
    }

    /** The policy with its {@link AccessRule}. */
    static AccessPolicy create(Access access, Set<String> roles, Requirements requirements, boolean synchronous) {
        AccessRule rule = switch (access) {
            case PERMIT_ALL -> AccessRule.permitAll();
            case AUTHENTICATED -> AccessRule.authenticated();
            case DENY_ALL -> AccessRule.denyAll();
            case ROLES -> roles.contains(ANY_AUTHENTICATED_USER) ? AccessRule.authenticated()
                    : AccessRule.authenticated().withAnyRole(roles);
        };
        return new AccessPolicy(access, roles, requirements, synchronous, rule.withRequirements(requirements));
    }

    /** The access rule one place states. */
    private record AccessOpinion(Access access, Set<String> roles, String annotation) {
        @Override
        public boolean equals(Object other) {
            return other instanceof AccessOpinion rule && rule.access == access && rule.roles.equals(roles);
        }

        @Override
        public int hashCode() {
            return Objects.hash(access, roles);
        }

        String describe() {
            return access == Access.ROLES ? annotation + roles : annotation;
        }
    }

    /** A rule's value with where it was read, for the conflict message. */
    private record Stated<T>(T value, String where) {
    }

    /**
     * The policy of {@code method} when it runs on an instance of {@code resourceClass}. Either may
     * be the implementation or the interface or superclass that declares the method.
     *
     * @throws IllegalStateException for annotations that cannot be honoured (an empty
     *     {@code @RequireAudience} or {@code @RequireScope}, a blank or spaced scope) or that two
     *     places of the hierarchy state differently; the message names the method
     */
    public static AccessPolicy of(Class<?> resourceClass, Method method) {
        Objects.requireNonNull(resourceClass, "resourceClass");
        Objects.requireNonNull(method, "method");
        String name = resourceClass.getName() + "#" + method.getName();
        List<Place> places = places(resourceClass, method);
        try {
            Requirements requirements = Requirements.none();
            AudienceRule audience = agreed("@RequireAudience", places, RequireAudience.class, AccessPolicy::audienceRule);
            if (audience != null) {
                requirements = requirements.withAudience(audience);
            }
            List<String> scopes = agreed("@RequireScope", places, RequireScope.class, AccessPolicy::scopes);
            if (scopes != null) {
                requirements = requirements.withScopes(scopes);
            }
            AccessOpinion access = agreedAccess(places);
            boolean synchronous = places.stream().allMatch(p -> p.method() == null || isSynchronous(p.method()));
            if (access == null) {
                return create(Access.AUTHENTICATED, Set.of(), requirements, synchronous);
            }
            return create(access.access(), access.roles(), requirements, synchronous);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /** One type of the hierarchy, with its declaration of the method ({@code null} when it has none). */
    private record Place(Class<?> type, Method method) {
        String name() {
            return type.getSimpleName() + (method == null ? "" : "#" + method.getName());
        }
    }

    /**
     * The implementation class first, then its superclasses and interfaces breadth first; each type
     * that declares the method, and the implementation class in any case.
     */
    private static List<Place> places(Class<?> resourceClass, Method method) {
        List<Place> places = new ArrayList<>();
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>();
        queue.add(resourceClass);
        boolean declaringTypeSeen = false;
        while (!queue.isEmpty()) {
            Class<?> type = queue.removeFirst();
            if (type == Object.class || !seen.add(type)) {
                continue;
            }
            declaringTypeSeen |= type == method.getDeclaringClass();
            Method declared = type == method.getDeclaringClass() ? method : declaredOverride(type, method);
            if (declared != null || type == resourceClass) {
                places.add(new Place(type, declared));
            }
            if (type.getSuperclass() != null) {
                queue.add(type.getSuperclass());
            }
            queue.addAll(Arrays.asList(type.getInterfaces()));
        }
        if (!declaringTypeSeen) {
            // a method of a type outside the instance's hierarchy: read it where it is declared too
            places.add(new Place(method.getDeclaringClass(), method));
        }
        return places;
    }

    /** {@code type}'s own declaration of {@code method} or of a method it overrides or is overridden by. */
    private static Method declaredOverride(Class<?> type, Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        for (Method candidate : type.getDeclaredMethods()) {
            if (candidate.isBridge() || candidate.isSynthetic() || Modifier.isStatic(candidate.getModifiers())
                    || Modifier.isPrivate(candidate.getModifiers()) || !candidate.getName().equals(method.getName())
                    || candidate.getParameterCount() != parameters.length) {
                continue;
            }
            Class<?>[] own = candidate.getParameterTypes();
            boolean matches = true;
            for (int i = 0; i < own.length && matches; i++) {
                // a generic parameter is erased to its bound on one side: either direction is the same method
                matches = own[i].isAssignableFrom(parameters[i]) || parameters[i].isAssignableFrom(own[i]);
            }
            if (matches) {
                return candidate;
            }
        }
        return null;
    }

    private static AccessOpinion agreedAccess(List<Place> places) {
        Stated<AccessOpinion> agreed = null;
        for (Place place : places) {
            AccessOpinion rule = place.method() == null ? null : accessOn(place.method());
            String where = place.name();
            if (rule == null) {
                rule = accessOn(place.type());
                where = place.type().getSimpleName();
            }
            if (rule == null) {
                continue;
            }
            if (agreed == null) {
                agreed = new Stated<>(rule, where);
            } else if (!agreed.value().equals(rule)) {
                throw new IllegalArgumentException(rule.describe() + " on " + where + " contradicts " + agreed.value().describe()
                        + " on " + agreed.where() + "; state the access rule in one place, or the same in each");
            }
        }
        return agreed == null ? null : agreed.value();
    }

    private static AccessOpinion accessOn(AnnotatedElement element) {
        if (element.getDeclaredAnnotation(DenyAll.class) != null) {
            return new AccessOpinion(Access.DENY_ALL, Set.of(), "@DenyAll");
        }
        RolesAllowed roles = element.getDeclaredAnnotation(RolesAllowed.class);
        if (roles != null) {
            // @RolesAllowed({}) admits nobody, as Jakarta Security reads it
            return roles.value().length == 0
                    ? new AccessOpinion(Access.DENY_ALL, Set.of(), "@RolesAllowed({})")
                    : new AccessOpinion(Access.ROLES, Set.of(roles.value()), "@RolesAllowed");
        }
        if (element.getDeclaredAnnotation(PermitAll.class) != null) {
            return new AccessOpinion(Access.PERMIT_ALL, Set.of(), "@PermitAll");
        }
        return null;
    }

    /** The one value the places state for an annotation, {@code null} when none does. */
    private static <A extends Annotation, T> T agreed(String label, List<Place> places, Class<A> type, Function<A, T> value) {
        Stated<T> agreed = null;
        for (Place place : places) {
            A annotation = place.method() == null ? null : place.method().getDeclaredAnnotation(type);
            String where = place.name();
            if (annotation == null) {
                annotation = place.type().getDeclaredAnnotation(type);
                where = place.type().getSimpleName();
            }
            if (annotation == null) {
                continue;
            }
            T stated = value.apply(annotation);
            if (agreed == null) {
                agreed = new Stated<>(stated, where);
            } else if (!agreed.value().equals(stated)) {
                throw new IllegalArgumentException(label + stated + " on " + where + " contradicts " + label + agreed.value()
                        + " on " + agreed.where() + "; state it in one place, or the same in each");
            }
        }
        return agreed == null ? null : agreed.value();
    }

    private static AudienceRule audienceRule(RequireAudience audience) {
        if (audience.value().length == 0) {
            throw new IllegalArgumentException("@RequireAudience names no audience");
        }
        return switch (audience.match()) {
            case ANY_OF -> AudienceRule.anyOf(audience.value());
            case ALL_OF -> AudienceRule.allOf(audience.value());
        };
    }

    private static List<String> scopes(RequireScope scope) {
        if (scope.value().length == 0) {
            throw new IllegalArgumentException("@RequireScope names no scope");
        }
        // validated by Requirements.withScopes; sorted and unique so that two places listing the same scopes agree
        return List.copyOf(new java.util.TreeSet<>(Arrays.asList(scope.value())));
    }

    private static boolean isSynchronous(Method method) {
        if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
            return false;
        }
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof Suspended) {
                    return false;
                }
            }
        }
        return true;
    }
}
