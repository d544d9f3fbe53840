package dev.audguard.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.scan.StandardJarScanner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Embedded Tomcat 11 on 127.0.0.1, port 0: applications at context paths, each with the filter
 * instance mapped to {@code /*} and the {@link EchoServlet} mapped to {@code /*}. Headers up to
 * 64 KiB.
 */
record TomcatServer(Tomcat tomcat) implements ServletContainer {

    /** An application: a context path, the filter protecting it and servlets mapped beside the echo servlet. */
    record App(String contextPath, Filter filter, Map<String, HttpServlet> servlets) {
        App(String contextPath, Filter filter) {
            this(contextPath, filter, Map.of());
        }
    }

    /** {@link ServletContainer.Starter} for Tomcat. */
    static TomcatServer start(List<ServletContainer.App> apps) {
        return start(apps.stream().map(app -> new App(app.contextPath(), app.filter(), app.servlets())).toArray(App[]::new));
    }

    static TomcatServer start(App... apps) {
        Tomcat tomcat = newTomcat();
        for (App app : apps) {
            Context context = tomcat.addContext(app.contextPath(), null);
            FilterDef def = new FilterDef();
            def.setFilterName("audguard");
            def.setFilter(app.filter());
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("audguard");
            map.addURLPattern("/*");
            context.addFilterMap(map);
            Tomcat.addServlet(context, "echo", new EchoServlet());
            context.addServletMapping("/*", "echo");
            int n = 0;
            for (Map.Entry<String, HttpServlet> servlet : app.servlets().entrySet()) {
                String name = "servlet-" + n++;
                Tomcat.addServlet(context, name, servlet.getValue());
                context.addServletMapping(servlet.getKey(), name);
            }
        }
        return started(tomcat);
    }

    /**
     * Web applications from directories holding a {@code WEB-INF/web.xml}, by context path. No
     * Tomcat type appears in a test class's signatures: JUnit reflects on every IT class, also in
     * the run without Tomcat on the class path.
     */
    static TomcatServer startWebapps(Map<String, Path> docBases) {
        Tomcat tomcat = newTomcat();
        tomcat.setAddDefaultWebXmlToWebapp(false);
        docBases.forEach((contextPath, docBase) -> {
            Context context = tomcat.addWebapp(contextPath, docBase.toString());
            // nothing to discover on the test class path; scanning it would only cost time
            ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        });
        return started(tomcat);
    }

    private static Tomcat newTomcat() {
        Tomcat tomcat = new Tomcat();
        try {
            tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxHttpHeaderSize", Integer.toString(64 * 1024));
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        return tomcat;
    }

    private static TomcatServer started(Tomcat tomcat) {
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
        return new TomcatServer(tomcat);
    }

    @Override
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        }
    }
}
