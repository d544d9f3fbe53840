package dev.audguard.jaxrs;

import dev.audguard.exchange.TokenExchangeException;
import dev.audguard.jaxrs.internal.Answers;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a resource whose downstream call failed in the token exchange (directly, or through
 * {@link ExchangingClientFilter}, which surfaces it as a {@link ProcessingException}) with the
 * status the failure's category names instead of a 500: 401 {@code invalid_token} when the issuer
 * refused the caller's token, 502 for a misconfigured exchange, 503 with {@code Retry-After} when
 * the issuer is unavailable; the same challenge, body and wording as the servlet and Spring
 * adapters. Any other {@link ProcessingException} is a plain 500 without a body, as Jakarta REST
 * answers it by default. Registered by {@link BearerTokenFeature}.
 *
 * <p>Thread-safe (stateless).
 */
final class ExchangeFailureMapper implements ExceptionMapper<ProcessingException> {
    private static final Logger log = LoggerFactory.getLogger(ExchangeFailureMapper.class);

    private final Answers answers;

    ExchangeFailureMapper(Answers answers) {
        this.answers = answers;
    }

    @Override
    public Response toResponse(ProcessingException exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof TokenExchangeException failure) {
                log.debug("Downstream call failed in the token exchange: {}", failure.category().code());
                return answers.exchangeFailure(failure);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Response.serverError().build();
    }

    /** The same answers for a {@link TokenExchangeException} thrown straight from a resource. */
    static final class Direct implements ExceptionMapper<TokenExchangeException> {
        private final Answers answers;

        Direct(Answers answers) {
            this.answers = answers;
        }

        @Override
        public Response toResponse(TokenExchangeException failure) {
            log.debug("Downstream call failed in the token exchange: {}", failure.category().code());
            return answers.exchangeFailure(failure);
        }
    }
}
