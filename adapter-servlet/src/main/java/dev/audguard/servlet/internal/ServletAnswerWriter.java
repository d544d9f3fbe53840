package dev.audguard.servlet.internal;

import dev.audguard.core.HttpAnswer;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * The one copy of an sdk-core {@link HttpAnswer} (status, headers, body bytes, all prepared by
 * sdk-core) onto a servlet response, shared by every audguard module that answers on a servlet
 * container: the servlet filter, Spring's servlet entry point, access-denied handler and
 * exchange-failure resolver, the MCP servlet filter. It builds no header value and no body of its
 * own. Not API: for audguard's modules only, may change in any release.
 *
 * <p>Thread-safe (stateless).
 */
public final class ServletAnswerWriter {
    private static final Logger log = LoggerFactory.getLogger(ServletAnswerWriter.class);

    private ServletAnswerWriter() {
    }

    /**
     * Copies {@code answer} onto {@code response}: status, headers (a repeated one added, any other
     * set, so a header an earlier filter set such as CORS stays unless the answer names it),
     * {@code Content-Length} and body, then commits the response so that nothing behind can change
     * it. Whatever was buffered before is discarded. A committed response cannot be changed: then
     * nothing is written.
     *
     * @return whether the answer was written ({@code false}: the response was already committed)
     * @throws IOException when the container cannot write
     */
    public static boolean write(HttpServletResponse response, HttpAnswer answer) throws IOException {
        if (response.isCommitted()) {
            log.debug("Response already committed; answer {} not written", answer.status());
            return false;
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
        if (answer.bodyLength() > 0) {
            answer.writeBodyTo(response.getOutputStream());
        }
        response.flushBuffer();
        return true;
    }

    /** Adds the headers an accepted request's response carries (e.g. a {@code DPoP-Nonce}). */
    public static void addHeaders(HttpServletResponse response, List<HttpAnswer.Header> headers) {
        for (HttpAnswer.Header header : headers) {
            response.addHeader(header.name(), header.value());
        }
    }
}
