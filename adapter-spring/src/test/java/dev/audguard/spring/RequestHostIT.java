package dev.audguard.spring;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ServiceB} configures no resource URL, so its challenges and metadata derive their URLs
 * from the request: only from a {@code Host} that is a valid host name, never reflected otherwise.
 * Sent over a raw socket: the JDK client does not let a caller set {@code Host}.
 */
class RequestHostIT extends ServiceBTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"exa_mple.com", "a..b", "-evil.example", "evil-.example", "evil.example.", ".evil.example",
            "evil.example:0", "evil.example:99999", "evil.example:80:80", "xn--.example", "a.b%2fc"})
    void aHostThatIsNotAValidHostNameIsNeverReflected(String host) {
        String challenge = send("/api/orders", host);
        String metadata = send("/.well-known/oauth-protected-resource", host);

        assertThat(challenge).as(host).doesNotContain(host.replace(":0", "").replace(":99999", "")).doesNotContain("evil")
                .doesNotContain("resource_metadata=");
        assertThat(metadata).as(host).doesNotContain("evil").doesNotContain("\"resource\"");
        assertThat(statusOf(metadata)).as(host).isEqualTo(400);
    }

    @Test
    void aValidHostNameIsUsedWhenNoResourceIsConfigured() {
        assertThat(send("/api/orders", "orders.example:8443")).startsWith("HTTP/1.1 401")
                .contains("resource_metadata=\"http://orders.example:8443/.well-known/oauth-protected-resource\"");
        assertThat(send("/.well-known/oauth-protected-resource", "orders.example")).startsWith("HTTP/1.1 200")
                .contains("\"resource\":\"http://orders.example\"");
    }

    private String send(String path, String host) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int statusOf(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }
}
