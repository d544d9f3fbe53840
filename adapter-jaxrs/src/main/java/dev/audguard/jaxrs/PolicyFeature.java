package dev.audguard.jaxrs;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;

/**
 * Reads each resource method's annotations once, at start-up, and binds an
 * {@link AuthenticationFilter} with the result to that method. Where the framework reports an
 * interface or abstract class, the application's classes that implement it are read too, so
 * that a rule on the implementation is honoured and a contradiction fails start-up on every
 * runtime alike. Not API.
 *
 * <p>Thread-safe.
 */
final class PolicyFeature implements DynamicFeature {
    private final Engine engine;
    private final Set<Class<?>> applicationClasses;

    PolicyFeature(Engine engine, Set<Class<?>> applicationClasses) {
        this.engine = engine;
        this.applicationClasses = Set.copyOf(applicationClasses);
    }

    /**
     * @throws IllegalStateException at start-up, for annotations that cannot be honoured or that
     *     contradict each other, so the application does not start with a rule silently dropped;
     *     once requests are served, such a method refuses every request instead
     */
    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Class<?> resourceClass = resourceInfo.getResourceClass();
        Method method = resourceInfo.getResourceMethod();
        if (resourceClass == null || method == null) {
            // nothing to read annotations from: MethodGuard refuses such requests
            return;
        }
        if (engine.serving()) {
            // a sub-resource met while matching a request: too late to stop the application
            context.register(new AuthenticationFilter(engine, resourceClass, method, engine.policyAtRequest(resourceClass, method)),
                    Priorities.AUTHENTICATION);
            return;
        }
        for (Class<?> implementation : applicationClasses) {
            if (implementation != resourceClass && resourceClass.isAssignableFrom(implementation)
                    && !implementation.isInterface() && !Modifier.isAbstract(implementation.getModifiers())) {
                engine.policyFor(implementation, method);
            }
        }
        context.register(new AuthenticationFilter(engine, resourceClass, method, engine.policyFor(resourceClass, method)),
                Priorities.AUTHENTICATION);
    }
}
