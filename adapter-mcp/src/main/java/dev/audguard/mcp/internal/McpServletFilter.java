package dev.audguard.mcp.internal;

import dev.audguard.core.ResourceRequest;
import dev.audguard.mcp.McpCaller;
import dev.audguard.mcp.McpProtection;
import dev.audguard.servlet.internal.HiddenHeaders;
import dev.audguard.servlet.internal.ServletAnswerWriter;
import dev.audguard.servlet.internal.ServletRequests;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The servlet translation of {@link McpProtection#decide}: request to plain values, decision back
 * to the response. The body is read once (bounded) and handed on from that buffer; the response is
 * watched for the {@code Mcp-Session-Id} the MCP server gives, to bind it to the caller. Not API.
 *
 * <p>Thread-safe.
 */
public final class McpServletFilter implements Filter {
    private final McpProtection protection;

    public McpServletFilter(McpProtection protection) {
        this.protection = protection;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        String path = path(request);
        ResourceRequest plain = ServletRequests.copy(request, path, protection.requestHeaders());
        byte[] body = null;
        int length = 0;
        if ("POST".equals(request.getMethod()) && path.equals(protection.endpointPath())) {
            body = new byte[Math.min(protection.maxBodyBytes() + 1, Math.max(1024, request.getContentLength() + 1))];
            try (InputStream in = request.getInputStream()) {
                int n;
                while (length <= protection.maxBodyBytes() && (n = in.read(body, length, body.length - length)) != -1) {
                    length += n;
                    if (length == body.length && length <= protection.maxBodyBytes()) {
                        body = Arrays.copyOf(body, Math.min(protection.maxBodyBytes() + 1, body.length * 2));
                    }
                }
            }
        }
        McpProtection.Decision decision = protection.decide(plain, body, length);
        if (decision instanceof McpProtection.Decision.Answer answer) {
            ServletAnswerWriter.write(response, answer.answer());
            return;
        }
        // a proxy's certificate header from anyone but a trusted proxy: ignored by the pipeline, hidden from the server
        HttpServletRequest visible = HiddenHeaders.hide(request, protection.untrustedHeaders(plain));
        if (decision instanceof McpProtection.Decision.Proceed proceed) {
            ServletAnswerWriter.addHeaders(response, proceed.responseHeaders());
            request.setAttribute(McpProtection.CALLER_ATTRIBUTE, proceed.caller());
            HttpServletRequest forward = body == null ? visible : new BufferedRequest(visible, body, length);
            if ("DELETE".equals(request.getMethod())) {
                String session = request.getHeader(McpProtection.SESSION_HEADER);
                chain.doFilter(forward, response);
                if (session != null) {
                    protection.sessionEnded(session);
                }
            } else {
                chain.doFilter(forward, new SessionWatcher(response, protection, proceed.caller()));
            }
        } else {
            chain.doFilter(visible, response);
        }
    }

    private static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    /** The request with its body served from the buffer read for the decision. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;
        private final int length;

        BufferedRequest(HttpServletRequest request, byte[] body, int length) {
            super(request);
            this.body = body;
            this.length = length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body, 0, length);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = StandardCharsets.UTF_8;
            String encoding = getCharacterEncoding();
            if (encoding != null) {
                try {
                    charset = Charset.forName(encoding);
                } catch (IllegalArgumentException unknown) {
                    // JSON is UTF-8 (RFC 8259); an unknown label changes nothing
                }
            }
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body, 0, length), charset));
        }

        @Override
        public int getContentLength() {
            return length;
        }

        @Override
        public long getContentLengthLong() {
            return length;
        }
    }

    /** Binds the session id the MCP server hands out to the caller whose request got it. */
    private static final class SessionWatcher extends HttpServletResponseWrapper {
        private final McpProtection protection;
        private final McpCaller caller;

        SessionWatcher(HttpServletResponse response, McpProtection protection, McpCaller caller) {
            super(response);
            this.protection = protection;
            this.caller = caller;
        }

        @Override
        public void setHeader(String name, String value) {
            watch(name, value);
            super.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            watch(name, value);
            super.addHeader(name, value);
        }

        private void watch(String name, String value) {
            if (McpProtection.SESSION_HEADER.equalsIgnoreCase(name) && value != null) {
                protection.sessionCreated(value, caller);
            }
        }
    }
}
