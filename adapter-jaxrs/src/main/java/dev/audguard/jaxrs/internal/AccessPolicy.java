package dev.audguard.jaxrs.internal;

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
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * What one resource method requires of a request, resolved once from its annotations and its
 * class's. Not API.
 *
 * <p>Access (the standard annotations, as Jersey's {@code RolesAllowedDynamicFeature} and Jakarta
 * Security read them): on the method, {@code @DenyAll}, then {@code @RolesAllowed}, then
 * {@code @PermitAll}; otherwise the same on the class; otherwise any valid token. Requirements
 * ({@link RequireAudience}, {@link RequireScope}): each on the method replaces the class's.
 *
 * <p>Immutable and thread-safe.
 *
 * @param access who may call the method
 * @param roles for {@link Access#ROLES}: any one of them suffices
 * @param requirements passed to the validator whenever a token is validated
 * @param synchronous whether the method answers on the thread it runs on (no {@code @Suspended}
 *     parameter, no {@code CompletionStage} result): only then may the token be bound to the thread
 */
public record AccessPolicy(Access access, Set<String> roles, Requirements requirements, boolean synchronous) {

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

    /** Checks and copies. */
    public AccessPolicy {
        Objects.requireNonNull(access, "access");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(requirements, "requirements");
    }

    /**
     * The policy of {@code method} as a resource method of {@code resourceClass}.
     *
     * @throws IllegalStateException for an annotation that cannot be honoured (an empty
     *     {@code @RequireAudience} or {@code @RequireScope}, a blank or spaced scope); the message
     *     names the method
     */
    public static AccessPolicy of(Class<?> resourceClass, Method method) {
        Objects.requireNonNull(resourceClass, "resourceClass");
        Objects.requireNonNull(method, "method");
        try {
            Requirements requirements = Requirements.none();
            RequireAudience audience = nearest(RequireAudience.class, method, resourceClass);
            if (audience != null) {
                requirements = requirements.withAudience(audienceRule(audience));
            }
            RequireScope scope = nearest(RequireScope.class, method, resourceClass);
            if (scope != null) {
                if (scope.value().length == 0) {
                    throw new IllegalArgumentException("@RequireScope names no scope");
                }
                requirements = requirements.withScopes(Arrays.asList(scope.value()));
            }
            return access(method, resourceClass, requirements, isSynchronous(method));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(resourceClass.getName() + "#" + method.getName() + ": " + e.getMessage(), e);
        }
    }

    private static AccessPolicy access(Method method, Class<?> resourceClass, Requirements requirements, boolean synchronous) {
        for (AnnotatedElement element : List.<AnnotatedElement>of(method, resourceClass)) {
            if (element.isAnnotationPresent(DenyAll.class)) {
                return new AccessPolicy(Access.DENY_ALL, Set.of(), requirements, synchronous);
            }
            RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
            if (roles != null) {
                // @RolesAllowed({}) admits nobody, as Jakarta Security reads it
                return roles.value().length == 0
                        ? new AccessPolicy(Access.DENY_ALL, Set.of(), requirements, synchronous)
                        : new AccessPolicy(Access.ROLES, Set.of(roles.value()), requirements, synchronous);
            }
            if (element.isAnnotationPresent(PermitAll.class)) {
                return new AccessPolicy(Access.PERMIT_ALL, Set.of(), requirements, synchronous);
            }
        }
        return new AccessPolicy(Access.AUTHENTICATED, Set.of(), requirements, synchronous);
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

    private static <A extends Annotation> A nearest(Class<A> type, Method method, Class<?> resourceClass) {
        A onMethod = method.getAnnotation(type);
        return onMethod != null ? onMethod : resourceClass.getAnnotation(type);
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
