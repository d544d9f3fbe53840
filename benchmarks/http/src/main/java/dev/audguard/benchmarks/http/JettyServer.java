package dev.audguard.benchmarks.http;

import dev.audguard.core.TokenValidator;
import dev.audguard.servlet.BearerTokenFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * One Jetty 12 servlet, {@code GET /hello} answering {@code ok}, with audguard's servlet filter in
 * front ({@code --mode=audguard}) or without any ({@code --mode=plain}).
 *
 * {@code java -cp ... JettyServer --mode=audguard --port=8080 --issuer=ISS --jwks-uri=URL}
 */
public final class JettyServer {
    private JettyServer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("arguments are --name=value; got " + arg);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        String mode = options.getOrDefault("mode", "audguard");
        if (!mode.equals("audguard") && !mode.equals("plain")) {
            throw new IllegalArgumentException("--mode is audguard or plain; got " + mode);
        }
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(options.getOrDefault("port", "0")));
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        if (mode.equals("audguard")) {
            TokenValidator validator = TokenValidator.builder()
                    .issuer(options.get("issuer"))
                    .audience(KeyServer.AUDIENCE)
                    .jwksUri(options.get("jwks-uri"))
                    .build();
            context.addFilter(new FilterHolder(BearerTokenFilter.builder(validator).realm(KeyServer.AUDIENCE).build()),
                    "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new Hello()), "/hello");
        server.setHandler(context);
        server.start();
        System.out.println("listening on " + connector.getLocalPort());
        System.out.flush();
        server.join();
    }

    private static final class Hello extends HttpServlet {
        private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.setContentLength(OK.length);
            response.getOutputStream().write(OK);
        }
    }
}
