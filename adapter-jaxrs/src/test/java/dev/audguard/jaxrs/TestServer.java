package dev.audguard.jaxrs;

import jakarta.ws.rs.core.Application;

import java.net.URI;
import java.util.function.Function;

/** An embedded JAX-RS server on 127.0.0.1, port 0, serving one application at {@code /}. */
interface TestServer extends AutoCloseable {

    /** An absolute URI on this server. */
    URI uri(String pathAndQuery);

    @Override
    void close();

    /** Starts an application on Jersey (Grizzly) or on RESTEasy (Jetty 12 ee10), whichever the test class runs. */
    @FunctionalInterface
    interface Factory extends Function<Application, TestServer> {
        Factory JERSEY = JerseyServer::start;
        Factory RESTEASY = ResteasyServer::start;
    }
}
