package dev.audguard.testsupport;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A downstream service on 127.0.0.1, port 0 (the JDK's HTTP server), for tests of clients that send
 * DPoP-bound tokens: it records the decoded payload of each request's first {@code DPoP} proof
 * ({@code null} when there is none) and the status it answered. By default a request without
 * {@code Authorization: DPoP} is refused (401, {@code WWW-Authenticate: DPoP algs="ES256"}) and one
 * with it is answered by the check the test passes, which is where the SDK's verifier goes
 * (this module depends on no audguard module). Thread-safe; not for production.
 */
public final class DpopTarget implements AutoCloseable {
    private final HttpServer server;
    private final List<Map<String, Object>> proofs = new CopyOnWriteArrayList<>();
    private final List<Integer> answers = new CopyOnWriteArrayList<>();
    private volatile Responder responder;

    /** What a request carried, as the check needs it. */
    public record Request(String method, String rawPath, List<String> proofHeaders, String token, String jkt) {
    }

    /** A status, response headers (in order) and a body ({@code null}: none). */
    public record Answer(int status, Map<String, String> headers, String body) {
        /** 200 with the body {@code served}. */
        public static Answer served() {
            return new Answer(200, Map.of(), "served");
        }

        /** 401 with {@code headers} and the body {@code refused}. */
        public static Answer refused(Map<String, String> headers) {
            return new Answer(401, headers, "refused");
        }
    }

    /** Answers a request; {@link Request#token()} and {@link Request#jkt()} are null without a DPoP token. */
    @FunctionalInterface
    public interface Responder {
        Answer answer(Request request);
    }

    private DpopTarget(HttpServer server) {
        this.server = server;
    }

    /** Starts a target whose DPoP requests {@code check} answers; it may call {@link #url} once this returns. */
    public static DpopTarget start(Responder check) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DpopTarget target = new DpopTarget(server);
        target.responder = request -> request.token() == null
                ? Answer.refused(Map.of("WWW-Authenticate", "DPoP algs=\"ES256\""))
                : check.answer(request);
        server.createContext("/", target::serve);
        server.start();
        return target;
    }

    /** From now on {@code responder} answers every request (proofs and answers are still recorded). */
    public void answerWith(Responder responder) {
        this.responder = responder;
    }

    /** An absolute URL on this target. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The decoded payload of each request's proof, in arrival order ({@code null}: the request had none). */
    public List<Map<String, Object>> proofs() {
        return proofs;
    }

    /** The status of each answer, in order. */
    public List<Integer> answers() {
        return answers;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The payload of a compact JWS (a token or a proof), not verified. */
    public static Map<String, Object> payload(String jws) {
        try {
            return JSONObjectUtils.parse(new Base64URL(jws.split("\\.")[1]).decodeToString());
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            List<String> proofHeaders = exchange.getRequestHeaders().getOrDefault("DPoP", List.of());
            proofs.add(proofHeaders.isEmpty() ? null : payload(proofHeaders.get(0)));
            String token = null;
            String jkt = null;
            if (authorization != null && authorization.startsWith("DPoP ")) {
                token = authorization.substring(5);
                jkt = (String) ((Map<String, Object>) payload(token).get("cnf")).get("jkt");
            }
            Answer answer = responder.answer(new Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), proofHeaders, token, jkt));
            answers.add(answer.status());
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            if (answer.body() == null) {
                exchange.sendResponseHeaders(answer.status(), -1);
            } else {
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }
}
