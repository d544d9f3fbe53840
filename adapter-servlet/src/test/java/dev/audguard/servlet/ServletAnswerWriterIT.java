package dev.audguard.servlet;

import dev.audguard.core.BearerChallenge;
import dev.audguard.core.HttpAnswer;
import dev.audguard.core.Reason;
import dev.audguard.core.Refusal;
import dev.audguard.servlet.internal.ServletAnswerWriter;
import dev.audguard.testsupport.Http;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one servlet answer writer that the servlet filter, Spring's servlet handlers and the MCP
 * filter share, on a real Jetty: what an earlier filter set stays unless the answer names it, what
 * was buffered is discarded, the answer is committed so nothing behind it can change it, and a
 * committed response is left alone.
 */
class ServletAnswerWriterIT {
    private static final HttpAnswer EXPIRED = HttpAnswer.of(BearerChallenge.builder().realm("demo").build()
            .answer(Refusal.of(Reason.EXPIRED)));

    /**
     * What {@link ServletAnswerWriter#write} returned, per request path; completed after the answer
     * went out, so the test waits for it rather than racing the filter.
     */
    private final Map<String, CompletableFuture<Boolean>> written = new ConcurrentHashMap<>();

    private final Filter answering = new Filter() {
        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            String path = request.getRequestURI();
            response.setHeader("Access-Control-Allow-Origin", "https://app.example");
            response.setHeader("Cache-Control", "max-age=600");
            response.setContentType("text/plain");
            response.getOutputStream().write("buffered before the answer".getBytes(StandardCharsets.UTF_8));
            if (path.endsWith("/committed")) {
                response.flushBuffer();
            }
            returned(path).complete(ServletAnswerWriter.write(response, EXPIRED));
            response.setStatus(200);
            response.setHeader("X-After", "too late");
        }
    };

    private CompletableFuture<Boolean> returned(String path) {
        return written.computeIfAbsent(path, p -> new CompletableFuture<>());
    }

    private boolean returnedFor(String path) throws Exception {
        return returned(path).get(20, TimeUnit.SECONDS);
    }

    @Test
    void writesTheAnswerOverWhatWasBufferedKeepingHeadersItDoesNotNameAndCommitsIt() throws Exception {
        try (JettyServer jetty = JettyServer.start(JettyServer.App.of("/app", answering))) {
            HttpResponse<String> response = Http.get(jetty.uri("/app/refused"));

            assertThat(returnedFor("/app/refused")).isTrue();
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo(EXPIRED.bodyText());
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains(EXPIRED.header("WWW-Authenticate"));
            assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(response.headers().firstValue("Content-Length")).contains(Integer.toString(EXPIRED.bodyLength()));
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
            // committed once written: what the filter does afterwards changes nothing
            assertThat(response.headers().firstValue("X-After")).isEmpty();
        }
    }

    @Test
    void leavesACommittedResponseAlone() throws Exception {
        try (JettyServer jetty = JettyServer.start(JettyServer.App.of("/app", answering))) {
            HttpResponse<String> response = Http.get(jetty.uri("/app/committed"));

            assertThat(returnedFor("/app/committed")).isFalse();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("buffered before the answer");
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
    }
}
