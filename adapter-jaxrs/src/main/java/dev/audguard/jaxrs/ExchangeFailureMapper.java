package dev.audguard.jaxrs;

import dev.audguard.core.ProtectedResource;
import dev.audguard.exchange.TokenExchangeException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Answers a resource whose downstream call failed in the token exchange (directly, or through
 * {@link ExchangingClientFilter}, which surfaces it as a {@link ProcessingException}) with the
 * status the failure's category names instead of a 500: 401 {@code invalid_token} when the issuer
 * refused the caller's token, 502 for a misconfigured exchange, 503 with {@code Retry-After} when
 * the issuer is unavailable, 502 for a URL under no target: sdk-core's front door answers it
 * ({@link ProtectedResource#answerFor}), as for the servlet and Spring adapters. Any other {@link ProcessingException} is a plain 500 without a body, as Jakarta REST
 * answers it by default. Registered by {@link BearerTokenFeature}.
 *
 * <p>Immutable and thread-safe.
 */
final class ExchangeFailureMapper implements ExceptionMapper<ProcessingException> {
    private final ProtectedResource resource;

    ExchangeFailureMapper(ProtectedResource resource) {
        this.resource = resource;
    }

    @Override
    public Response toResponse(ProcessingException exception) {
        return resource.answerFor(exception).map(Engine::response).orElseGet(() -> Response.serverError().build());
    }

    /** The same answers for a {@link TokenExchangeException} (or unknown downstream) thrown straight from a resource. */
    static final class Direct implements ExceptionMapper<TokenExchangeException> {
        private final ProtectedResource resource;

        Direct(ProtectedResource resource) {
            this.resource = resource;
        }

        @Override
        public Response toResponse(TokenExchangeException failure) {
            return resource.answerFor(failure).map(Engine::response).orElseGet(() -> Response.serverError().build());
        }
    }
}
