package dev.audguard.jaxrs;

import dev.audguard.core.HttpAnswer;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

import java.util.List;

/**
 * Ends a request's token binding once its response is ready, and adds the headers the front door
 * asked an accepted request's answer to carry (a sender-binding step's, e.g. {@code DPoP-Nonce}). Response filters run in descending
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
        if (request.getProperty(Engine.RESPONSE_HEADERS_PROPERTY) instanceof List<?> headers) {
            for (Object header : headers) {
                if (header instanceof HttpAnswer.Header h) {
                    response.getHeaders().add(h.name(), h.value());
                }
            }
        }
    }
}
