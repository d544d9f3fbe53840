package dev.audguard.testsupport;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Two loopback servers on port 0 for the "never carry a token across a redirect" tests: a target
 * that answers every request with 302 to the other one, and that other origin (another port),
 * answering 200. Each records the {@code Authorization} every request carried ({@code "none"}
 * when absent). Thread-safe; close it after the test.
 */
public final class RedirectTargets implements AutoCloseable {
    private final List<String> atTarget = new CopyOnWriteArrayList<>();
    private final List<String> elsewhere = new CopyOnWriteArrayList<>();
    private final HttpServer target;
    private final HttpServer other;

    /** Starts both servers. */
    public RedirectTargets() {
        try {
            other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        other.createContext("/", exchange -> {
            elsewhere.add(authorization(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        target.createContext("/", exchange -> {
            atTarget.add(authorization(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/landing");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        other.start();
        target.start();
    }

    private static String authorization(String value) {
        return value == null ? "none" : value;
    }

    /** A URL on the redirecting target. */
    public URI target(String path) {
        return URI.create("http://127.0.0.1:" + target.getAddress().getPort() + path);
    }

    /** The {@code Authorization} of each request the target got, in order (live view). */
    public List<String> atTarget() {
        return atTarget;
    }

    /** The {@code Authorization} of each request the other origin got, in order (live view). */
    public List<String> elsewhere() {
        return elsewhere;
    }

    @Override
    public void close() {
        target.stop(0);
        other.stop(0);
    }
}
