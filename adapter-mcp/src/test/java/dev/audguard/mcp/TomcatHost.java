package dev.audguard.mcp;

import jakarta.servlet.http.HttpServlet;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Embedded Tomcat 11 (Servlet 6.1), serving through {@link McpOnTomcat}, the README's code. */
final class TomcatHost implements ServletHost {
    private final Tomcat tomcat = new Tomcat();
    private final Path baseDir;

    TomcatHost() throws IOException {
        baseDir = Files.createTempDirectory("audguard-tomcat");
        tomcat.setBaseDir(baseDir.toString());
    }

    @Override
    public int bind() throws Exception {
        Connector connector = new Connector();
        connector.setProperty("address", "127.0.0.1");
        connector.setPort(0);
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        tomcat.init();                                      // binds the socket (bindOnInit), serves nothing yet
        return connector.getLocalPort();
    }

    @Override
    public void serve(McpProtection mcp, HttpServlet transport) throws Exception {
        McpOnTomcat.serve(tomcat, mcp, transport);
        tomcat.start();
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
