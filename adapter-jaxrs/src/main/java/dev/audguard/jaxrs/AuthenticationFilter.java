package dev.audguard.jaxrs;

import dev.audguard.jaxrs.internal.AccessPolicy;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

import java.lang.reflect.Method;
import java.util.List;

/**
 * The authentication filter of one resource method, with that method's policy resolved when the
 * application started: registered by {@link PolicyFeature}. When the instance serving the request
 * is of another class than the framework reported (RESTEasy reports the interface or abstract
 * superclass carrying {@code @Path}), that class's policy applies, read through its whole
 * hierarchy. Not API.
 *
 * <p>Immutable and thread-safe.
 */
@Priority(Priorities.AUTHENTICATION)
final class AuthenticationFilter implements ContainerRequestFilter {
    private final Engine engine;
    private final Class<?> reportedClass;
    private final Method method;
    private final AccessPolicy policy;

    AuthenticationFilter(Engine engine, Class<?> reportedClass, Method method, AccessPolicy policy) {
        this.engine = engine;
        this.reportedClass = reportedClass;
        this.method = method;
        this.policy = policy;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        List<Object> matched = request.getUriInfo().getMatchedResources();
        Class<?> instanceClass = matched.isEmpty() ? reportedClass : matched.get(0).getClass();
        engine.apply(request, instanceClass == reportedClass ? policy : engine.policyAtRequest(instanceClass, method));
    }

    @Override
    public String toString() {
        return "AuthenticationFilter" + policy;
    }
}
