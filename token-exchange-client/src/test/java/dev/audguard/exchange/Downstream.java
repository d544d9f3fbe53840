package dev.audguard.exchange;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A downstream service on loopback (the JDK HTTP server) that keeps every request it receives, in
 * full (method, URI, every header, body), so tests can assert what crossed the wire. What it
 * answers is decided per request by a function of the request and how many came before.
 */
final class Downstream implements AutoCloseable {

    /** A request as received. */
    record Received(String method, URI uri, Map<String, List<String>> headers, String body) {
        String authorization() {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Authorization"))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        /** Everything the request carried, as one string, to search for leaked tokens. */
        String everything() {
            return method + " " + uri + " " + headers + " " + body;
        }
    }

    /** An answer: status, headers, body. */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer ok(String body) {
            return new Answer(200, Map.of("Content-Type", "text/plain"), body);
        }

        static Answer invalidToken() {
            return new Answer(401, Map.of("WWW-Authenticate", "Bearer realm=\"downstream\", error=\"invalid_token\", "
                    + "error_description=\"The access token has expired.\""), "refused");
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private volatile Function<Received, Answer> answers = r -> Answer.ok("hello");

    Downstream() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Answers every following request with {@code answers}, given the request. */
    Downstream answering(Function<Received, Answer> answers) {
        this.answers = answers;
        return this;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI(),
                    Map.copyOf(exchange.getRequestHeaders()), body);
            received.add(request);
            Answer answer = answers.apply(request);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
