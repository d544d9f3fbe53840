package dev.audguard.samples.launcher;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.net.URI;

/**
 * A Jetty server whose one HTTP connector is bound as soon as it exists, so that a sample knows the
 * address it is reached at (the real port, also with port 0) before it builds its security filter:
 * the resource metadata URL and the DPoP {@code htu} base need it. Nothing is served until
 * {@link #serve}: Jetty starts the connector after the handlers, so a request that arrives in between
 * waits for the filter and is never answered without a token check. It sends no {@code Server} version.
 *
 * <p>Not thread-safe: bind and serve from one thread; {@link #close()} may come from another (a
 * shutdown hook).
 */
public final class BoundJetty implements AutoCloseable {
    private final ServerConnector connector;

    private BoundJetty(ServerConnector connector) {
        this.connector = connector;
    }

    /**
     * Binds {@code host:port} (0 for any free port) without serving anything yet.
     *
     * @throws IOException when the port cannot be bound
     */
    public static BoundJetty bind(String host, int port) throws IOException {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        connector.open();
        return new BoundJetty(connector);
    }

    /** {@code http://HOST:PORT} with the bound port, without a path: e.g. {@code http://127.0.0.1:8083}; ask before {@link #close()}. */
    public URI origin() {
        return URI.create("http://" + connector.getHost() + ":" + connector.getLocalPort());
    }

    /**
     * Starts {@code handler}, then lets requests in.
     *
     * @throws Exception when Jetty cannot start it
     */
    public void serve(Handler handler) throws Exception {
        connector.getServer().setHandler(handler);
        connector.getServer().start();
    }

    /** Stops serving and closes the port. */
    @Override
    public void close() throws Exception {
        connector.getServer().stop();
    }
}
