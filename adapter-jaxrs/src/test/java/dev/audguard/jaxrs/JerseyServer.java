package dev.audguard.jaxrs;

import jakarta.ws.rs.core.Application;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * Jersey 3.1 on Grizzly, on 127.0.0.1 port 0. Headers up to 64 KiB, so oversized tokens reach the
 * adapter instead of being refused by Grizzly.
 */
record JerseyServer(HttpServer server, int port) implements TestServer {

    static JerseyServer start(Application application) {
        return start(application, false);
    }

    /** With {@code oneWorkerThread}, every request is served by the same thread. */
    static JerseyServer start(Application application, boolean oneWorkerThread) {
        ResourceConfig config = application instanceof ResourceConfig rc ? rc : ResourceConfig.forApplication(application);
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config, false);
        NetworkListener listener = server.getListeners().iterator().next();
        listener.setMaxHttpHeaderSize(64 * 1024);
        if (oneWorkerThread) {
            listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                    .setPoolName("jersey-one-worker").setCorePoolSize(1).setMaxPoolSize(1));
        }
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new JerseyServer(server, listener.getPort());
    }

    @Override
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
