package dev.audguard.servlet;

import dev.audguard.core.AccessRule;
import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inbound path tricks cannot dodge a path rule: {@code /public/*} is unprotected and
 * {@code /admin/*} refuses everyone, and no spelling of a path under {@code /admin} that a client
 * can send reaches the application through {@code /public}. The request target goes on the wire
 * exactly as written (a raw socket: no client normalises it first); what the container decodes
 * is what the rules see, and what still looks encoded or ambiguous after decoding is refused with
 * 400. Each container's IT runs these cases.
 */
abstract class PathTrickCases extends ContainerCases {
    PathTrickCases(ServletContainer.Starter starter) {
        super(starter);
    }

    @Override
    List<ServletContainer.App> applications() {
        return List.of(new ServletContainer.App("/app", filter(issuer.realm("demo"))));
    }

    static BearerTokenFilter filter(RealmHandle demo) {
        return BearerTokenFilter.builder(TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build())
                .unprotected("/public/*")
                .rule("/admin/*", AccessRule.denyAll())
                .build();
    }

    /** A status line and body, read from a raw HTTP/1.1 exchange. */
    record Raw(int status, String body) {
    }

    Raw send(String target, String token) {
        URI base = uri("/");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n");
            return new Raw(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String alice;

    private static synchronized String alice() {
        if (alice == null) {
            alice = issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        }
        return alice;
    }

    private static boolean reachedAdmin(Raw raw) {
        return raw.status() == 200 && raw.body().contains("path=/admin");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/app/public/../admin/x",
            "/app/public/..;/admin/x",
            "/app/public;x=1/../admin/x",
            "/app/public/%2e%2e/admin/x",
            "/app/public/%2E%2E/admin/x",
            "/app/public/.%2e/admin/x",
            "/app/public/%252e%252e/admin/x",
            "/app/public/%2e%2e%2fadmin/x",
            "/app/public/..%2fadmin/x",
            "/app/public/..%5cadmin/x",
            "/app/public/..\\admin/x",
            "/app/public//../admin/x",
            "/app//admin/x",
            "/app/admin./x",
            "/app/admin%2e/x",
            "/app/admin;jsessionid=1/x",
            "/app/./admin/x",
            "/app/%61dmin/x",
            "/app/ADMIN/x"})
    void aPathTrickNeverReachesAProtectedPathThroughAnUnprotectedOne(String target) {
        Raw withoutToken = send(target, null);
        Raw withToken = send(target, alice());

        assertThat(reachedAdmin(withoutToken)).as("%s without a token: %s %s", target, withoutToken.status(), withoutToken.body())
                .isFalse();
        assertThat(reachedAdmin(withToken)).as("%s with a valid token: %s %s", target, withToken.status(), withToken.body())
                .isFalse();
        assertThat(withoutToken.status()).as(target).isNotEqualTo(500);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/app/public/%252e%252e/admin/x", "/app/admin./x", "/app/public/x.", "/app/public/a%25b"})
    void whatStillLooksEncodedOrAmbiguousAfterDecodingIsRefusedWith400(String target) {
        Raw raw = send(target, null);

        assertThat(raw.status()).as(target).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/app/public/x", "/app/public/a.b/c", "/app/public/", "/app/public/caf%C3%A9"})
    void ordinaryPublicPathsStillPass(String target) {
        Raw raw = send(target, null);

        assertThat(raw.status()).as(target).isEqualTo(200);
        assertThat(raw.body()).contains("path=/public");
    }
}
