package dev.audguard.jaxrs;

import dev.audguard.testsupport.LoopbackJetty;
import jakarta.ws.rs.core.Application;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.resteasy.spi.ResteasyDeployment;

import java.net.URI;

/**
 * RESTEasy 6.2 (its servlet dispatcher) in embedded Jetty 12 (ee10), on 127.0.0.1 port 0.
 * Headers up to 64 KiB, so oversized tokens reach the adapter.
 */
record ResteasyServer(LoopbackJetty jetty, ResteasyDeployment deployment) implements TestServer {

    static ResteasyServer start(Application application) {
        ResteasyDeployment deployment = new ResteasyDeploymentImpl();
        deployment.setApplication(application);
        deployment.start();
        ServletContextHandler context = new ServletContextHandler("/");
        context.setAttribute(ResteasyDeployment.class.getName(), deployment);
        context.addServlet(new ServletHolder("resteasy", new HttpServlet30Dispatcher()), "/*");
        return new ResteasyServer(LoopbackJetty.http("resteasy-jetty", 32, 4).start(context, deployment::stop), deployment);
    }

    @Override
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + jetty.port() + pathAndQuery);
    }

    @Override
    public void close() {
        try {
            jetty.close();
        } finally {
            deployment.stop();
        }
    }
}
