package dev.audguard.spring.internal;

import dev.audguard.core.HttpAnswer;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Copies an sdk-core {@link HttpAnswer} (status, headers, body bytes, all prepared by sdk-core)
 * onto a servlet response. Builds no header value and no body of its own. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class ServletAnswers {
    private ServletAnswers() {
    }

    /** Copies {@code answer} onto {@code response} unless the response is already committed. */
    public static void copy(HttpAnswer answer, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(answer.status());
        for (HttpAnswer.Header header : answer.headers()) {
            if (header.repeated()) {
                response.addHeader(header.name(), header.value());
            } else {
                response.setHeader(header.name(), header.value());
            }
        }
        response.setContentLength(answer.bodyLength());
        answer.writeBodyTo(response.getOutputStream());
        response.flushBuffer();
    }
}
