package dev.audguard.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A complete HTTP answer in host-neutral form, prepared by {@link ProtectedResource}: the status,
 * the headers in the order to set them, and the body bytes. An adapter copies it onto its host's
 * response and adds nothing: every refusal of every adapter is written from one of these.
 *
 * <pre>{@code
 * response.setStatus(answer.status());
 * for (HttpAnswer.Header h : answer.headers()) {
 *     if (h.repeated()) {
 *         response.addHeader(h.name(), h.value());   // a second WWW-Authenticate challenge
 *     } else {
 *         response.setHeader(h.name(), h.value());
 *     }
 * }
 * response.setContentLength(answer.bodyLength());
 * answer.writeBodyTo(response.getOutputStream());
 * }</pre>
 *
 * <p>Fixed answers are built once when the front door is built, bytes included, so a refusal
 * costs no formatting. Immutable and thread-safe: {@link #body()} hands out a copy.
 */
public final class HttpAnswer {
    /**
     * One header. The first header of a name is set with the host's "set" operation (replacing what
     * the application may have set); a further header of the same name ({@link #repeated()}, e.g.
     * a second {@code WWW-Authenticate} challenge) is added.
     *
     * @param name the header name
     * @param value the value
     * @param repeated whether an earlier header of this answer has the same name
     */
    public record Header(String name, String value, boolean repeated) {
        /** Checks both parts are present. */
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        /** A header that is the first of its name. */
        public Header(String name, String value) {
            this(name, value, false);
        }
    }

    private final int status;
    private final List<Header> headers;
    private final byte[] body;

    private HttpAnswer(int status, List<Header> headers, byte[] body) {
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
    }

    /**
     * The answer for a refusal: {@code WWW-Authenticate}, {@code Retry-After} on 503,
     * {@code Cache-Control: no-store}, {@code Content-Type: application/json} and the JSON body.
     */
    public static HttpAnswer of(BearerErrorResponse response) {
        return of(response, List.of(), List.of());
    }

    /** {@link #of(BearerErrorResponse)} with further challenges after the {@code Bearer} one and further headers. */
    static HttpAnswer of(BearerErrorResponse response, List<String> challenges, List<Header> extra) {
        List<Header> headers = new ArrayList<>(4 + challenges.size() + extra.size());
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            headers.add(new Header(h.getKey(), h.getValue()));
            if (h.getKey().equals("WWW-Authenticate")) {
                for (String challenge : challenges) {
                    headers.add(new Header("WWW-Authenticate", challenge, true));
                }
            }
        }
        for (Header h : extra) {
            boolean seen = headers.stream().anyMatch(e -> e.name().equalsIgnoreCase(h.name()));
            headers.add(new Header(h.name(), h.value(), seen));
        }
        headers.add(new Header("Content-Type", BearerErrorResponse.CONTENT_TYPE));
        return new HttpAnswer(response.status(), headers, response.body().getBytes(StandardCharsets.UTF_8));
    }

    /** A 200 JSON document, such as the RFC 9728 metadata. */
    static HttpAnswer json(String json) {
        return new HttpAnswer(200, List.of(new Header("Content-Type", "application/json")), json.getBytes(StandardCharsets.UTF_8));
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The headers, in order; never holds a token. */
    public List<Header> headers() {
        return headers;
    }

    /** The value of header {@code name} (case-insensitive), or {@code null}. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    /** The body as text (UTF-8). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body's length in bytes, for {@code Content-Length}. */
    public int bodyLength() {
        return body.length;
    }

    /** Writes the body to {@code out} without copying it. */
    public void writeBodyTo(OutputStream out) throws IOException {
        out.write(body);
    }

    @Override
    public String toString() {
        return "HttpAnswer[" + status + ", " + bodyText() + ']';
    }
}
