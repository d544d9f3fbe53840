package dev.audguard.jaxrs;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Two loopback servers: a target that answers every request with 302 to the other one, another
 * origin (another port), which records the {@code Authorization} each request carried
 * ({@code "none"} when absent).
 */
final class RedirectTargets implements AutoCloseable {
    final List<String> atTarget = new CopyOnWriteArrayList<>();
    final List<String> elsewhere = new CopyOnWriteArrayList<>();
    private final HttpServer target;
    private final HttpServer other;

    RedirectTargets() {
        try {
            other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        other.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            elsewhere.add(authorization == null ? "none" : authorization);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        target.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            atTarget.add(authorization == null ? "none" : authorization);
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/landing");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        other.start();
        target.start();
    }

    /** A URL on the redirecting target. */
    URI target(String path) {
        return URI.create("http://127.0.0.1:" + target.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        target.stop(0);
        other.stop(0);
    }
}
