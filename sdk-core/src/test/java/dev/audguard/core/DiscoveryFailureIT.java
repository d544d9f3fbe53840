package dev.audguard.core;

import com.sun.net.httpserver.HttpServer;
import dev.audguard.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A failed discovery says which HTTP status each metadata URL answered; a broken JWKS says where its JSON breaks. */
class DiscoveryFailureIT {
    private HttpServer server;
    private String base;
    @RegisterExtension
    final CapturedLog captured = new CapturedLog();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = path.endsWith("/jwks") ? 200 : path.contains("openid-configuration") ? 404 : 503;
            byte[] body = status == 200 ? "{\"keys\": [\n  {\"kty\": \"RSA\",}\n]}".getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ValidationListener listener() {
        return new ValidationListener() {
            @Override
            public void onKeysFetchFailed(URI jwksUri, String problem) {
                problems.add(problem);
            }
        };
    }

    @Test
    void aFailedDiscoveryLogsTheStatusOfEachMetadataUrl() {
        String issuer = base + "/realms/demo";
        TokenValidator validator = TokenValidator.builder().issuer(issuer).audience(TestTokens.AUDIENCE)
                .listener(listener()).build();
        String token = TestTokens.valid(Clock.systemUTC()).claim("iss", issuer).sign();

        assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(TokenValidationException.class);

        String expected = "discovery failed: HTTP 404 from " + base + "/realms/demo/.well-known/openid-configuration, then "
                + "HTTP 503 from " + base + "/.well-known/oauth-authorization-server/realms/demo";
        assertThat(problems).contains(expected);
        assertThat(captured.text()).contains("WARN").contains(expected).doesNotContain(token);
    }

    @Test
    void aJwksWithAStrayCommaIsReportedWithLineAndColumn() {
        TokenValidator validator = TokenValidator.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .jwksUri(URI.create(base + "/jwks")).listener(listener()).build();
        String token = TestTokens.valid(Clock.systemUTC()).sign();

        assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(TokenValidationException.class);

        assertThat(problems).contains("invalid key set: not valid JSON: line 2, column 17: expected a string (a field name)");
    }
}
