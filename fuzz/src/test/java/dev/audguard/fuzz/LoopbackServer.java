package dev.audguard.fuzz;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on 127.0.0.1, port 0, that answers each path with whatever the current fuzz
 * input says (status, headers, body); unknown paths get 404. One per target JVM, a daemon.
 *
 * <p>Thread-safe: the fuzzing thread sets answers, server threads read them.
 */
final class LoopbackServer implements AutoCloseable {
    /** One canned answer. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final ExecutorService threads;

    LoopbackServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "fuzz-loopback-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    void answer(String path, Answer answer) {
        if (answer == null) {
            answers.remove(path);
        } else {
            answers.put(path, answer);
        }
    }

    /** Stops the server (the targets keep theirs for the JVM's life; tests close theirs). */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            Answer answer = answers.get(exchange.getRequestURI().getRawPath());
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            answer.headers().forEach((name, value) -> {
                try {
                    exchange.getResponseHeaders().add(name, value);
                } catch (IllegalArgumentException badHeaderValue) {
                    // the JDK server refuses some header values; the client then sees none
                }
            });
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }
}
