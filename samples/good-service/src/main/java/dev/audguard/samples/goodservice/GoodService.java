package dev.audguard.samples.goodservice;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.DpopPolicy;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.samples.launcher.BoundJetty;
import dev.audguard.samples.launcher.ServiceCommand;
import dev.audguard.servlet.BearerTokenFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * good-service: {@code GET /api/data} answers {@code {"service":"good-service","subject":..}} to a
 * caller whose token names {@code good-service} in its audience, and RFC 6750 refusals to anyone else.
 * A DPoP-bound token (RFC 9449) passes only with a valid proof; its metadata says so.
 *
 * <pre>
 * java -jar samples/good-service/target/good-service.jar --port=8083 --issuer=http://127.0.0.1:8080/realms/demo
 * </pre>
 *
 * <p>It starts while the issuer is down: keys are fetched with the first token.
 */
public final class GoodService implements AutoCloseable {
    static final String AUDIENCE = "good-service";

    private final BoundJetty server;
    private final URI baseUri;

    private GoodService(BoundJetty server, URI baseUri) {
        this.server = server;
        this.baseUri = baseUri;
    }

    /** Starts on {@code host:port} (0 for any free port), trusting {@code issuer}. */
    public static GoodService start(String host, int port, String issuer) throws Exception {
        return start(host, port, issuer, uri -> { });
    }

    /**
     * As {@link #start(String, int, String)}; {@code bound} runs once the port is bound and before
     * the filter exists (the window the tests probe). Jetty starts its connectors after its
     * handlers, so a request that arrives in that window waits for the filter: it is never
     * answered 404 or 200 without a token check.
     */
    static GoodService start(String host, int port, String issuer, Consumer<URI> bound) throws Exception {
        // bound now, so the resource URL (with the real port) is known before the filter is built
        BoundJetty server = BoundJetty.bind(host, port);
        URI baseUri = server.origin().resolve("/");
        bound.accept(baseUri);

        TokenValidator validator = TokenValidator.builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .build();
        // DPoP (RFC 9449), policy allowed: a DPoP-bound token needs a proof, a plain bearer token still
        // passes. htu is checked against the URL this service is reached at, never against Host.
        SenderConstraints dpop = SenderConstraints.builder()
                .dpop(DpopVerifier.builder()
                        .externalBaseUrl(server.origin())
                        .policy(DpopPolicy.ALLOWED)
                        .build())
                .build();
        BearerTokenFilter filter = BearerTokenFilter.builder(validator)
                .realm(AUDIENCE)
                .resourceMetadata(baseUri)
                .senderBinding(dpop.step())
                .build();

        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new DataServlet()), "/api/data");
        server.serve(context);
        return new GoodService(server, baseUri);
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:8083/}. */
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() throws Exception {
        server.close();
    }

    public static void main(String[] args) throws Exception {
        ServiceCommand command = ServiceCommand.parse("good-service", args,
                "--issuer=URL [--port=8083] [--host=127.0.0.1]", "issuer");
        GoodService service = start(command.host(), command.port(8083), command.get("issuer"));
        command.serve(service.baseUri(), service);
    }

    /** What a caller with the right audience gets. */
    static final class DataServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            VerifiedToken token = BearerTokenFilter.verifiedToken(request).orElseThrow();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("service", AUDIENCE);
            body.put("subject", token.subject().orElse(null));
            response.setContentType("application/json");
            JSON.writeValue(response.getOutputStream(), body);
        }
    }
}
