package dev.audguard.testsupport;

import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded Jetty 12 server with one connector on 127.0.0.1, port 0: the start and stop plumbing
 * the adapters' test servers share. The test builds the handler; this class owns the server. Not
 * thread-safe: start it and close it from the test's thread.
 */
public final class LoopbackJetty implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private LoopbackJetty(Server server, ConnectionFactory... factories) {
        this.server = server;
        this.connector = new ServerConnector(server, factories);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
    }

    /**
     * Plain HTTP on a pool of {@code minThreads} to {@code maxThreads} threads named {@code threadName}:
     * request headers up to 64 KiB (so oversized tokens reach the code under test instead of being
     * refused by Jetty), no {@code Server} header.
     */
    public static LoopbackJetty http(String threadName, int maxThreads, int minThreads) {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, minThreads);
        threads.setName(threadName);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(64 * 1024);
        http.setSendServerVersion(false);
        return new LoopbackJetty(new Server(threads), new HttpConnectionFactory(http));
    }

    /** A server on Jetty's default thread pool whose connector speaks through {@code factories} (TLS, say). */
    public static LoopbackJetty with(ConnectionFactory... factories) {
        return new LoopbackJetty(new Server(), factories);
    }

    /**
     * Starts serving {@code handler}. If Jetty does not start, it is stopped, {@code onFailure} runs
     * (to release what the caller set up for it) and an {@link IllegalStateException} says so.
     */
    public LoopbackJetty start(Handler handler, Runnable onFailure) {
        server.setHandler(handler);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start failure is the news
            } finally {
                onFailure.run();
            }
            throw new IllegalStateException("Jetty did not start", e);
        }
        return this;
    }

    /** The port the connector is bound to, once started. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
