package dev.audguard.jaxrs;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Ends a request's token binding once its response is ready. Response filters run in descending
 * priority, so at {@link Priorities#AUTHENTICATION} this runs after the application's own. Not API.
 *
 * <p>Thread-safe.
 */
@Priority(Priorities.AUTHENTICATION)
final class ReleaseFilter implements ContainerResponseFilter {
    private final RequestTokens tokens;

    ReleaseFilter(RequestTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        tokens.release(request);
    }
}
