package dev.audguard.spring.internal;

import dev.audguard.core.BearerErrorResponse;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes an sdk-core {@link BearerErrorResponse} to a servlet response: status, every header,
 * {@code application/json} body. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class Answers {
    private Answers() {
    }

    /** Writes {@code answer} unless the response is already committed. */
    public static void write(HttpServletResponse response, BearerErrorResponse answer) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType(BearerErrorResponse.CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
