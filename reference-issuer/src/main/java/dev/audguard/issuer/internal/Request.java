package dev.audguard.issuer.internal;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP exchange as the endpoints see it: decoded query and form parameters, and helpers to answer.
 *
 * <p>Not thread-safe; lives for one request on one server thread.
 */
public final class Request {

    private static final int MAX_BODY = 256 * 1024;
    /** RFC 8693 lets audience and resource repeat; RFC 6749 section 3.2 forbids it for every other parameter. */
    private static final Set<String> REPEATABLE = Set.of("audience", "resource");

    private final HttpExchange exchange;
    private final String route;
    private Map<String, List<String>> query;
    private Map<String, List<String>> form;
    private boolean answered;
    private String rawBody;
    private OAuthException bodyError;
    private int status;
    private java.util.function.Consumer<Request> beforeAnswer;
    private String authenticatedClient;

    public Request(HttpExchange exchange, String route) {
        this.exchange = exchange;
        this.route = route;
    }

    public String method() {
        return exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    }

    /** The path below the realm, e.g. {@code /protocol/openid-connect/token}. */
    public String route() {
        return route;
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** Every value of a request header, in order; empty when absent. */
    public List<String> headers(String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    /**
     * The DER of the client certificate presented in the TLS handshake, or null over plain HTTP or
     * when the client presented none.
     */
    public byte[] clientCertificate() {
        if (!(exchange instanceof com.sun.net.httpserver.HttpsExchange https) || https.getSSLSession() == null) {
            return null;
        }
        try {
            java.security.cert.Certificate[] chain = https.getSSLSession().getPeerCertificates();
            return chain.length == 0 ? null : chain[0].getEncoded();
        } catch (javax.net.ssl.SSLPeerUnverifiedException | java.security.cert.CertificateEncodingException e) {
            return null;
        }
    }

    public String remoteAddress() {
        InetSocketAddress remote = exchange.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    public boolean answered() {
        return answered;
    }

    /** The status sent, 0 while unanswered or when the connection was dropped. */
    public int status() {
        return status;
    }

    /**
     * Runs just before the answer leaves (or the connection drops), so that what it records is in
     * place before the client can see the answer.
     */
    public void beforeAnswer(java.util.function.Consumer<Request> listener) {
        this.beforeAnswer = listener;
    }

    private void notifyAnswer() {
        java.util.function.Consumer<Request> listener = beforeAnswer;
        beforeAnswer = null;
        if (listener != null) {
            listener.accept(this);
        }
    }

    public void authenticatedClient(String clientId) {
        this.authenticatedClient = clientId;
    }

    /** The client that authenticated on this request, or null. */
    public String authenticatedClient() {
        return authenticatedClient;
    }

    /** The form as far as it can be read without failing, for the request log; never throws. */
    public Map<String, List<String>> formIfReadable() {
        try {
            return formParams();
        } catch (OAuthException e) {
            return Map.of();
        }
    }

    public String query(String name) {
        if (query == null) {
            query = decode(exchange.getRequestURI().getRawQuery());
        }
        return single(query, name);
    }

    public Map<String, List<String>> queryParams() {
        query(""); // decode once
        return query;
    }

    /** A form parameter; an empty value counts as absent, as Keycloak treats it. */
    public String form(String name) {
        return single(formParams(), name);
    }

    public List<String> formAll(String name) {
        return formParams().getOrDefault(name, List.of()).stream().filter(v -> !v.isEmpty()).toList();
    }

    public Map<String, List<String>> formParams() {
        if (form == null) {
            if (!"POST".equals(method())) {
                form = Map.of();
                return form;
            }
            String type = header("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                throw OAuthException.invalidRequest("Expected a body of type application/x-www-form-urlencoded");
            }
            form = decode(body());
        }
        return form;
    }

    /** The raw body of a POST, read once; at most 256 KiB. A failure to read it repeats on every call. */
    public String body() {
        if (bodyError != null) {
            throw bodyError;
        }
        if (rawBody == null) {
            try {
                rawBody = "POST".equals(method()) ? readBody() : "";
            } catch (OAuthException e) {
                bodyError = e;
                throw e;
            }
        }
        return rawBody;
    }

    /** Reads the body now, while the exchange is open, so the request log can see it after the answer. */
    public void prefetchBody() {
        try {
            body();
        } catch (OAuthException e) {
            // answered when an endpoint asks for it
        }
    }

    private String readBody() {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw OAuthException.invalidRequest("Request body too large");
            }
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw OAuthException.invalidRequest("Unreadable request body");
        }
    }

    private static Map<String, List<String>> decode(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        try {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("Malformed URL-encoded parameters");
        }
        return out;
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1 && !REPEATABLE.contains(name)) {
            throw OAuthException.invalidRequest("Parameter " + name + " must not be repeated");
        }
        String v = values.get(0);
        return v.isEmpty() ? null : v;
    }

    // ---- answering

    public void json(int status, Map<String, ?> body) {
        json(status, body, Map.of());
    }

    public void json(int status, Map<String, ?> body, Map<String, String> headers) {
        send(status, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8), headers);
    }

    public void error(OAuthException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.description());
        Map<String, String> headers = new LinkedHashMap<>(e.headers());
        headers.putIfAbsent("Cache-Control", "no-store");
        json(e.status(), body, headers);
    }

    public void html(int status, String page) {
        send(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-store", "X-Frame-Options", "DENY", "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"));
    }

    /** A header for whatever answer this request gets (a success or an error), set now. */
    public void responseHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    public void redirect(String location) {
        send(302, null, new byte[0], Map.of("Location", location, "Cache-Control", "no-store"));
    }

    public void send(int status, String contentType, byte[] body, Map<String, String> headers) {
        if (answered) {
            return;
        }
        answered = true;
        this.status = status;
        notifyAnswer();
        try {
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean head = "HEAD".equals(method());
            exchange.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
            if (body.length > 0 && !head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to tell it
        } finally {
            exchange.close();
        }
    }

    /** Drops the connection without an HTTP answer, as a crashed or unreachable server would. */
    public void hangUp() {
        answered = true;
        notifyAnswer();
        exchange.close();
    }
}
