package dev.audguard.jaxrs;

import jakarta.ws.rs.core.Application;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.resteasy.spi.ResteasyDeployment;

import java.net.URI;

/**
 * RESTEasy 6.2 (its servlet dispatcher) in embedded Jetty 12 (ee10), on 127.0.0.1 port 0.
 * Headers up to 64 KiB, so oversized tokens reach the adapter.
 */
final class ResteasyServer implements TestServer {
    private final Server server;
    private final ServerConnector connector;
    private final ResteasyDeployment deployment;

    private ResteasyServer(Server server, ServerConnector connector, ResteasyDeployment deployment) {
        this.server = server;
        this.connector = connector;
        this.deployment = deployment;
    }

    static ResteasyServer start(Application application) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("resteasy-jetty");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(64 * 1024);
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ResteasyDeployment deployment = new ResteasyDeploymentImpl();
        deployment.setApplication(application);
        deployment.start();
        ServletContextHandler context = new ServletContextHandler("/");
        context.setAttribute(ResteasyDeployment.class.getName(), deployment);
        context.addServlet(new ServletHolder("resteasy", new HttpServlet30Dispatcher()), "/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            deployment.stop();
            throw new IllegalStateException("Jetty did not start", e);
        }
        return new ResteasyServer(server, connector, deployment);
    }

    @Override
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            deployment.stop();
        }
    }
}
