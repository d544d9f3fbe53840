package dev.audguard.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** An embedded servlet container on 127.0.0.1, port 0 (Jetty or Tomcat), for the cases each container runs. */
interface ServletContainer extends AutoCloseable {
    /** The port it listens on. */
    int port();

    /** An absolute URI on this container. */
    default URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    void close();

    /** One application: its context path, the filter mapped to {@code /*}, servlets beside the echo servlet. */
    record App(String contextPath, Filter filter, Map<String, HttpServlet> servlets) {
        App(String contextPath, Filter filter) {
            this(contextPath, filter, Map.of());
        }
    }

    /** Starts a container of one kind with the applications. */
    @FunctionalInterface
    interface Starter {
        ServletContainer start(List<App> applications);
    }
}
