package dev.audguard.samples.servicec;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.DpopPolicy;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.jaxrs.BearerTokenFeature;
import dev.audguard.samples.launcher.ServiceCommand;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * service-c: {@code GET /api/data} answers {@code {"service":"service-c","subject":..,"audience":[..],"azp":..}}
 * to a caller whose token names {@code service-c} in its audience, and RFC 6750 refusals to anyone else.
 * A DPoP-bound token (RFC 9449) passes only with a valid proof; its metadata says so.
 *
 * <pre>
 * java -jar samples/service-c/target/service-c.jar --port=8082 --issuer=http://127.0.0.1:8080/realms/demo
 * </pre>
 *
 * <p>It starts while the issuer is down: keys are fetched with the first token. Between its port
 * opening and its application being registered (a few hundred milliseconds) every path answers
 * 503 with {@code Retry-After}, never 404 or 200.
 */
public final class ServiceC implements AutoCloseable {
    static final String AUDIENCE = "service-c";

    private final HttpServer server;
    private final URI baseUri;

    private ServiceC(HttpServer server, URI baseUri) {
        this.server = server;
        this.baseUri = baseUri;
    }

    /** The one resource. */
    @Path("/api/data")
    public static final class Data {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> data(@Context SecurityContext security) {
            VerifiedToken token = BearerTokenFeature.verifiedToken(security).orElseThrow();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("service", AUDIENCE);
            body.put("subject", token.subject().orElse(null));
            body.put("audience", token.audiences());
            body.put("azp", token.authorizedParty().orElse(null));
            return body;
        }
    }

    /** Starts on {@code host:port} (0 for any free port), trusting {@code issuer}. */
    public static ServiceC start(String host, int port, String issuer) throws IOException {
        return start(host, port, issuer, uri -> { });
    }

    /**
     * As {@link #start(String, int, String)}; {@code bound} runs once the port is open and before
     * the application is registered (the window the tests probe).
     */
    static ServiceC start(String host, int port, String issuer, Consumer<URI> bound) throws IOException {
        // Listen first, so the resource URL (with the real port) is known before the feature is built;
        // until the application is registered every path answers 503, never 404 (nor 200).
        HttpServer server = new HttpServer();
        NetworkListener listener = new NetworkListener("service-c", host, port);
        server.addListener(listener);
        server.getServerConfiguration().setHttpServerName("service-c");
        server.getServerConfiguration().setHttpServerVersion("");
        UntilReady gate = new UntilReady();
        server.getServerConfiguration().addHttpHandler(gate, "/");
        server.start();
        URI baseUri = URI.create("http://" + host + ":" + listener.getPort() + "/");
        bound.accept(baseUri);

        TokenValidator validator = TokenValidator.builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .build();
        // DPoP (RFC 9449), policy allowed: a DPoP-bound token needs a proof, a plain bearer token still
        // passes. htu is checked against the URL this service is reached at, never against Host.
        SenderConstraints dpop = SenderConstraints.builder()
                .dpop(DpopVerifier.builder()
                        .externalBaseUrl(URI.create("http://" + host + ":" + listener.getPort()))
                        .policy(DpopPolicy.ALLOWED)
                        .build())
                .build();
        ResourceConfig app = new ResourceConfig(Data.class)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .register(JacksonFeature.class)
                .register(BearerTokenFeature.builder(validator).realm(AUDIENCE).resourceMetadata(baseUri)
                        .senderBinding(dpop.step()).build());
        gate.ready(ContainerFactory.createContainer(GrizzlyHttpContainer.class, app));
        return new ServiceC(server, baseUri);
    }

    /**
     * Answers 503 with {@code Retry-After} until the application is handed over, then passes every
     * request to it: the port opens before the application exists (its metadata URL needs the
     * port), and a protected path must never answer before it can check tokens.
     */
    static final class UntilReady extends HttpHandler {
        private static final byte[] STARTING = "{\"error\":\"temporarily_unavailable\",\"error_description\":\"The service is starting.\"}"
                .getBytes(StandardCharsets.UTF_8);
        private volatile HttpHandler application;

        void ready(HttpHandler handler) {
            handler.start();
            application = handler;
        }

        @Override
        public void service(Request request, Response response) throws Exception {
            HttpHandler handler = application;
            if (handler != null) {
                handler.service(request, response);
                return;
            }
            response.setStatus(503);
            response.setHeader("Retry-After", "1");
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("application/json");
            response.setContentLength(STARTING.length);
            response.getOutputStream().write(STARTING);
        }

        @Override
        public void destroy() {
            HttpHandler handler = application;
            if (handler != null) {
                handler.destroy();
            }
        }
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:8082/}. */
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        ServiceCommand command = ServiceCommand.parse("service-c", args,
                "--issuer=URL [--port=8082] [--host=127.0.0.1]", "issuer");
        ServiceC service = start(command.host(), command.port(8082), command.get("issuer"));
        command.serve(service.baseUri(), service);
    }
}
