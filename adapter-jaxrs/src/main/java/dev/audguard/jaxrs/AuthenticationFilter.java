package dev.audguard.jaxrs;

import dev.audguard.jaxrs.internal.AccessPolicy;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * The authentication filter of one resource method, with that method's policy resolved when the
 * application started: registered by {@link PolicyFeature}. Not API.
 *
 * <p>Immutable and thread-safe.
 */
@Priority(Priorities.AUTHENTICATION)
final class AuthenticationFilter implements ContainerRequestFilter {
    private final Engine engine;
    private final AccessPolicy policy;

    AuthenticationFilter(Engine engine, AccessPolicy policy) {
        this.engine = engine;
        this.policy = policy;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        engine.apply(request, policy);
    }

    @Override
    public String toString() {
        return "AuthenticationFilter" + policy;
    }
}
