package dev.audguard.servlet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import java.net.URI;

/** {@link ExchangeFailureCases} on embedded Tomcat 11. */
@Tag("tomcat")
class TomcatExchangeFailureIT extends ExchangeFailureCases {
    private static TomcatServer tomcat;

    @BeforeAll
    static void start() {
        tomcat = TomcatServer.start(new TomcatServer.App("/app", filter(issuer.realm("demo")), servlets(issuer.realm("demo"))));
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    @Override
    URI uri(String path) {
        return tomcat.uri(path);
    }
}
