package dev.audguard.servlet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;

/** {@link PathTrickCases} on embedded Jetty 12 with its default URI compliance. */
class JettyPathTricksIT extends PathTrickCases {
    private static JettyServer jetty;

    @BeforeAll
    static void start() {
        jetty = JettyServer.start(JettyServer.App.of("/app", filter(issuer.realm("demo"))));
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    @Override
    URI uri(String path) {
        return jetty.uri(path);
    }
}
