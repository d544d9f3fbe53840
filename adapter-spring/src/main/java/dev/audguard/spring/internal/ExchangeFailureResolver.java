package dev.audguard.spring.internal;

import dev.audguard.core.BearerChallenge;
import dev.audguard.core.HttpAnswer;
import dev.audguard.exchange.TokenExchangeException;
import dev.audguard.servlet.internal.ServletAnswerWriter;
import dev.audguard.spring.server.AudguardAuthenticationEntryPoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import java.io.IOException;

/**
 * Answers a controller whose downstream call failed in the token exchange with the status the
 * failure's category names instead of a 500: 401 {@code invalid_token} when the issuer refused
 * the caller's token, 502 for a misconfigured exchange or an unusable issuer answer, 503 with
 * {@code Retry-After} when the issuer is unavailable. Fixed wording, JSON body,
 * {@code Cache-Control: no-store}. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class ExchangeFailureResolver implements HandlerExceptionResolver, Ordered {
    private static final Logger log = LoggerFactory.getLogger(ExchangeFailureResolver.class);

    private final ObjectProvider<AudguardAuthenticationEntryPoint> entryPoint;

    public ExchangeFailureResolver(ObjectProvider<AudguardAuthenticationEntryPoint> entryPoint) {
        this.entryPoint = entryPoint;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        TokenExchangeException failure = find(ex);
        if (failure == null || response.isCommitted()) {
            return null;
        }
        log.debug("Downstream call failed in the token exchange: {}", failure.category().code());
        AudguardAuthenticationEntryPoint answers = entryPoint.getIfAvailable();
        BearerChallenge challenge = answers != null ? answers.challengeFor(request) : BearerChallenge.plain();
        try {
            ServletAnswerWriter.write(response, HttpAnswer.of(challenge.answer(failure.refusal())));
        } catch (IOException e) {
            log.debug("Could not write the exchange failure answer ({})", e.getClass().getName());
        }
        return new ModelAndView();
    }

    private static TokenExchangeException find(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof TokenExchangeException exchange) {
                return exchange;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
