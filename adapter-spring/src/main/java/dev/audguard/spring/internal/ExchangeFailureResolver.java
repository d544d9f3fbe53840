package dev.audguard.spring.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.exchange.TokenExchangeException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

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
    private static final long DEFAULT_RETRY_AFTER_SECONDS = 10;

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        TokenExchangeException failure = find(ex);
        if (failure == null || response.isCommitted()) {
            return null;
        }
        TokenExchangeException.Category category = failure.category();
        log.debug("Downstream call failed in the token exchange: {}", category.code());
        String error = category == TokenExchangeException.Category.SUBJECT_TOKEN_REJECTED ? "invalid_token"
                : category == TokenExchangeException.Category.ISSUER_UNAVAILABLE ? "temporarily_unavailable" : "bad_gateway";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", error);
        json.put("error_description", category.description());
        byte[] body = JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8);
        try {
            response.resetBuffer();
            response.setStatus(category.httpStatus());
            if (category.httpStatus() == 401) {
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + category.description() + "\"");
            }
            if (category.httpStatus() == 503) {
                long seconds = failure.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(DEFAULT_RETRY_AFTER_SECONDS);
                response.setHeader("Retry-After", Long.toString(seconds));
            }
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
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
