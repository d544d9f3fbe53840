package dev.audguard.servlet;

import dev.audguard.testsupport.LoopbackJetty;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.List;
import java.util.Map;

/**
 * Embedded Jetty 12 (ee10) on 127.0.0.1, port 0: applications at context paths, each with one
 * filter mapped to {@code /*} and the {@link EchoServlet} mapped to {@code /*} and {@code /api/*}
 * (so a request's path is split between servlet path and path info). Headers up to
 * 64 KiB, so oversized tokens reach the filter instead of being refused by Jetty.
 */
record JettyServer(LoopbackJetty jetty) implements ServletContainer {

    /**
     * One application: the filter instance, or init parameters for a filter made from its class,
     * or a listener that registers the filter itself.
     */
    record App(String contextPath, Filter filter, Map<String, String> initParameters, EventListener listener,
               Map<String, HttpServlet> servlets) {
        static App of(String contextPath, Filter filter) {
            return new App(contextPath, filter, Map.of(), null, Map.of());
        }

        static App of(String contextPath, Filter filter, Map<String, HttpServlet> servlets) {
            return new App(contextPath, filter, Map.of(), null, servlets);
        }

        static App configuredBy(String contextPath, Map<String, String> initParameters) {
            return new App(contextPath, null, initParameters, null, Map.of());
        }

        /** The listener registers the filter; {@code servlets} are mapped (exact paths) beside the echo servlet. */
        static App withListener(String contextPath, EventListener listener, Map<String, HttpServlet> servlets) {
            return new App(contextPath, null, Map.of(), listener, servlets);
        }
    }

    /** {@link ServletContainer.Starter} for Jetty. */
    static JettyServer start(List<ServletContainer.App> apps) {
        return start(apps.stream().map(app -> App.of(app.contextPath(), app.filter(), app.servlets())).toArray(App[]::new));
    }

    static JettyServer start(App... apps) {
        List<ContextHandler> contexts = new ArrayList<>();
        for (App app : apps) {
            ServletContextHandler context = new ServletContextHandler(app.contextPath());
            if (app.listener() != null) {
                context.addEventListener(app.listener());
            } else {
                FilterHolder holder = app.filter() != null ? new FilterHolder(app.filter()) : new FilterHolder(BearerTokenFilter.class);
                holder.setName("audguard");
                app.initParameters().forEach(holder::setInitParameter);
                context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
            }
            ServletHolder echo = new ServletHolder("echo", new EchoServlet());
            context.addServlet(echo, "/*");
            context.addServlet(echo, "/api/*");
            app.servlets().forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
            contexts.add(context);
        }
        return new JettyServer(LoopbackJetty.http("jetty", 64, 8)
                .start(new ContextHandlerCollection(contexts.toArray(ContextHandler[]::new)), () -> { }));
    }

    @Override
    public int port() {
        return jetty.port();
    }

    @Override
    public void close() {
        jetty.close();
    }
}
