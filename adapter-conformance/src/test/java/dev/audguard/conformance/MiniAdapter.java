package dev.audguard.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.audguard.core.BearerChallenge;
import dev.audguard.core.BearerErrorResponse;
import dev.audguard.core.BearerTokens;
import dev.audguard.core.Reason;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The smallest bearer-token adapter the kit can be pointed at: the JDK HTTP server and sdk-core,
 * correct by default, with one deliberate flaw on request, so the kit's own tests can show it
 * passes the right adapter and catches each wrong one.
 */
final class MiniAdapter implements AutoCloseable {

    /** What the adapter gets wrong. */
    enum Flaw {
        NONE,
        NO_AUDIENCE_CHECK,
        READS_TOKEN_FROM_QUERY,
        ECHOES_TOKEN_IN_ERRORS,
        STACK_TRACE_FOR_MALFORMED_TOKENS,
        ERROR_WITHOUT_TOKEN,
        TAKES_FIRST_OF_SEVERAL_HEADERS,
        SKIPS_NO_STORE
    }

    private final HttpServer server;
    private final TokenValidator validator;
    private final Flaw flaw;
    private final BearerChallenge challenge = BearerChallenge.builder().realm("mini").build();

    private MiniAdapter(String issuerUrl, String audience, Flaw flaw) throws IOException {
        this.flaw = flaw;
        TokenValidator.Builder builder = TokenValidator.builder().issuer(issuerUrl);
        this.validator = (flaw == Flaw.NO_AUDIENCE_CHECK ? builder.disableAudienceCheck() : builder.audience(audience)).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static MiniAdapter start(RealmHandle realm, String audience, Flaw flaw) {
        return start(realm.issuerUrl(), audience, flaw);
    }

    static MiniAdapter start(String issuerUrl, String audience, Flaw flaw) {
        try {
            return new MiniAdapter(issuerUrl, audience, flaw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            List<String> headers = Optional.ofNullable(exchange.getRequestHeaders().get("Authorization")).orElse(List.of());
            String query = exchange.getRequestURI().getRawQuery();
            String path = exchange.getRequestURI().getPath();
            Requirements requirements = path.startsWith("/scoped") ? Requirements.scopes("admin", "audit")
                    : path.startsWith("/admin") ? Requirements.scopes("admin") : Requirements.none();
            String token = null;
            try {
                Optional<String> found;
                if (flaw == Flaw.READS_TOKEN_FROM_QUERY && query != null && query.startsWith("access_token=")) {
                    found = Optional.of(query.substring("access_token=".length()));
                } else if (flaw == Flaw.TAKES_FIRST_OF_SEVERAL_HEADERS && headers.size() > 1) {
                    found = BearerTokens.fromHeader(headers.get(0));
                } else {
                    found = BearerTokens.resolve(headers, query);
                }
                if (found.isEmpty()) {
                    answer(exchange, flaw == Flaw.ERROR_WITHOUT_TOKEN
                            ? challenge.forFailure(new TokenValidationException(Reason.MALFORMED))
                            : challenge.forMissingToken(), null);
                    return;
                }
                token = found.get();
                validator.validate(token, requirements);
                byte[] ok = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            } catch (TokenValidationException e) {
                if (flaw == Flaw.STACK_TRACE_FOR_MALFORMED_TOKENS && e.reason() == Reason.MALFORMED) {
                    byte[] trace = ("java.lang.IllegalStateException: bad\n\tat dev.audguard.Mini.handle(Mini.java:1)")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(500, trace.length);
                    exchange.getResponseBody().write(trace);
                    return;
                }
                answer(exchange, challenge.forFailure(e), token);
            }
        }
    }

    private void answer(HttpExchange exchange, BearerErrorResponse response, String token) throws IOException {
        response.headers().forEach((name, value) -> {
            if (!(flaw == Flaw.SKIPS_NO_STORE && name.equals("Cache-Control"))) {
                exchange.getResponseHeaders().add(name, value);
            }
        });
        exchange.getResponseHeaders().add("Content-Type", BearerErrorResponse.CONTENT_TYPE);
        String body = flaw == Flaw.ECHOES_TOKEN_IN_ERRORS && token != null && response.error() != null
                ? "{\"error\":\"" + response.error() + "\",\"error_description\":\"refused " + token + "\"}"
                : response.body();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
