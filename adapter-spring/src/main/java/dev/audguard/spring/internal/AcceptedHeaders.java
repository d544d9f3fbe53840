package dev.audguard.spring.internal;

import dev.audguard.core.HttpAnswer;
import dev.audguard.servlet.internal.ServletAnswerWriter;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;

/**
 * Hands the headers of an accepted request (a fresh {@code DPoP-Nonce}) from Spring Security's
 * authentication manager, which sees the request but not the response, to the response: audguard's
 * filter before Spring Security's chain ({@link QueryTokenFilter}) leaves the response in a request
 * attribute. An attribute of the request being served, passed along explicitly, not a thread-local.
 * Not API.
 */
public final class AcceptedHeaders {
    static final String RESPONSE = AcceptedHeaders.class.getName() + ".response";

    private AcceptedHeaders() {
    }

    /** Makes {@code response} reachable from {@code request}. */
    static void remember(ServletRequest request, HttpServletResponse response) {
        request.setAttribute(RESPONSE, response);
    }

    /**
     * Adds {@code headers} to the response of {@code request}, when audguard's filter ran before
     * Spring Security's (always in an application with audguard's auto-configuration).
     */
    public static void add(ServletRequest request, List<HttpAnswer.Header> headers) {
        if (!headers.isEmpty() && request.getAttribute(RESPONSE) instanceof HttpServletResponse response) {
            ServletAnswerWriter.addHeaders(response, headers);
        }
    }
}
