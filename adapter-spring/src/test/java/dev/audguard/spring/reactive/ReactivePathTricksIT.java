package dev.audguard.spring.reactive;

import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.spring.PathSpellingsContract;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code audguard.paths} in a WebFlux application over real HTTP on Reactor Netty, against the
 * spellings the servlet adapter's path-trick tests send (encoded slashes and dots, {@code ;} matrix
 * parameters, {@code ..}, double slashes, case): none reaches a protected handler without that
 * path's requirements. And the RFC 9728 metadata and challenges never take a URL from
 * {@code Host} (sent over a raw socket: the JDK client does not let a caller set it).
 */
class ReactivePathTricksIT implements PathSpellingsContract {
    private static final String RESOURCE = "https://reactive.example.com/";

    @RegisterExtension
    static final ReactiveService service = new ReactiveService();
    private static ReferenceIssuer issuer;

    @BeforeAll
    static void start() {
        issuer = service.issuer();
        service.start(issuer.issuerUrl("demo"),
                "audguard.paths[0].pattern", "/reports/**",
                "audguard.paths[0].audiences", "reports-api",
                "audguard.paths[1].pattern", "/admin/**",
                "audguard.paths[1].scopes", "admin,audit",
                "audguard.resource-metadata.resource", RESOURCE);
    }

    @Override
    public URI at(String path) {
        return service.uri(path);
    }

    /** A token for the service without the admin scopes. */
    @Override
    public String tokenWithoutTheAdminScopes() {
        return issuer.realm("demo").mint().subject("alice").audience("reactive-service").sign();
    }

    @Test
    void theRulesAreMetOnThePlainSpelling() {
        String withScopes = issuer.realm("demo").mint().subject("alice").audience("reactive-service").scope("admin audit").sign();

        assertThat(Http.bearer(at("/admin/report"), withScopes).body()).isEqualTo("admin");
        assertThat(Http.bearer(at("/admin/report"), tokenWithoutTheAdminScopes()).statusCode()).isEqualTo(403);
        assertThat(Http.bearer(at("/reports/summary"), issuer.realm("demo").mint().subject("bob").audience("reports-api").sign())
                .body()).isEqualTo("reports");
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:8443", "127.0.0.1:1", "exa_mple.com", "a.b%2fc"})
    void theMetadataAndTheChallengeNeverTakeAUrlFromAHostileHost(String host) {
        String metadata = send("/.well-known/oauth-protected-resource", host);
        String challenge = send("/api/data", host);

        assertThat(metadata).as(host).startsWith("HTTP/1.1 200").contains("\"resource\":\"" + RESOURCE + "\"")
                .doesNotContain("evil").doesNotContain(host);
        assertThat(challenge).as(host).startsWith("HTTP/1.1 401")
                .contains("resource_metadata=\"https://reactive.example.com/.well-known/oauth-protected-resource\"")
                .doesNotContain("evil").doesNotContain(host);
    }

    private static String send(String path, String host) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nX-Forwarded-Host: evil.example\r\n"
                    + "X-Forwarded-Proto: http\r\nForwarded: host=evil.example\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
