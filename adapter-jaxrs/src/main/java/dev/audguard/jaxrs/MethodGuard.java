package dev.audguard.jaxrs;

import dev.audguard.jaxrs.internal.AccessPolicy;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Fail-closed backstop, bound to every matched request: a request that reached a resource method
 * without its {@link AuthenticationFilter} (a method the framework never showed to
 * {@link PolicyFeature}) gets that method's policy now, resolved once and remembered; where the
 * method cannot be known, it is refused. Not API.
 *
 * <p>Thread-safe.
 */
@Priority(Priorities.AUTHENTICATION + 1)
final class MethodGuard implements ContainerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(BearerTokenFeature.class);

    private final Engine engine;

    @Context
    private ResourceInfo resourceInfo;

    MethodGuard(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getProperty(Engine.CHECKED_PROPERTY) != null) {
            return;
        }
        ResourceInfo info = resourceInfo;
        Class<?> resourceClass = info == null ? null : info.getResourceClass();
        Method method = info == null ? null : info.getResourceMethod();
        if (resourceClass == null || method == null) {
            log.debug("Request to a resource method the application did not show at start-up; refusing it");
            engine.apply(request, AccessPolicy.NOBODY);
            return;
        }
        log.debug("Resource method {}#{} was not shown at start-up; its rules apply from now on", resourceClass.getName(),
                method.getName());
        List<Object> matched = request.getUriInfo().getMatchedResources();
        engine.apply(request, engine.policyAtRequest(matched.isEmpty() ? resourceClass : matched.get(0).getClass(), method));
    }
}
