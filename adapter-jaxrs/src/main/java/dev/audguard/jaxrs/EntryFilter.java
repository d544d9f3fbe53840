package dev.audguard.jaxrs;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;

/**
 * First on every request, before matching: records the method, path and query as received (before an
 * application's {@code @PreMatching} filter at a later priority rewrites them), clears the thread's
 * token binding, removes a trusted proxy's certificate header the application must not see, and serves the RFC 9728 metadata document ({@code GET}/{@code HEAD}, no token needed) when configured. Not API.
 *
 * <p>Thread-safe.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class EntryFilter implements ContainerRequestFilter {
    private final Engine engine;

    EntryFilter(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        // before the application's own @PreMatching filters (they run at higher priorities): what a proof signs
        request.setProperty(Engine.RECEIVED_PROPERTY, Engine.Received.of(request));
        engine.entered();
        engine.tokens.reset();
        engine.hideUntrustedHeaders(request);
        String method = request.getMethod();
        if (("GET".equals(method) || "HEAD".equals(method)) && engine.isMetadataPath(request.getUriInfo().getRequestUri().getRawPath())) {
            request.abortWith(Response.ok(engine.metadataJson(), "application/json").build());
        }
    }
}
