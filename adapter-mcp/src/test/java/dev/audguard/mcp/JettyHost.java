package dev.audguard.mcp;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.EnumSet;

/** Embedded Jetty 12 (ee10, Servlet 6.0). */
final class JettyHost implements ServletHost {
    private final Server jetty = new Server();

    @Override
    public int bind() throws Exception {
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        connector.open();
        return connector.getLocalPort();
    }

    @Override
    public void serve(McpProtection mcp, HttpServlet transport) throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(mcp.servletFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(transport), mcp.endpointPath());
        jetty.setHandler(context);
        jetty.start();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
