package dev.audguard.jaxrs;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

import java.lang.reflect.Method;

/**
 * Reads each resource method's annotations once, at start-up, and binds an
 * {@link AuthenticationFilter} with the result to that method. Not API.
 *
 * <p>Thread-safe.
 */
final class PolicyFeature implements DynamicFeature {
    private final Engine engine;

    PolicyFeature(Engine engine) {
        this.engine = engine;
    }

    /**
     * @throws IllegalStateException for annotations that cannot be honoured, so the application
     *     does not start with a rule silently dropped
     */
    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Class<?> resourceClass = resourceInfo.getResourceClass();
        Method method = resourceInfo.getResourceMethod();
        if (resourceClass == null || method == null) {
            // nothing to read annotations from: MethodGuard refuses such requests
            return;
        }
        context.register(new AuthenticationFilter(engine, engine.policyFor(resourceClass, method)), Priorities.AUTHENTICATION);
    }
}
