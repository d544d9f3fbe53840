package dev.audguard.issuer;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The issuer derived from the request's Host, as Keycloak does without a configured hostname, beside the fixed one. */
class IssuerFromRequestIT {

    /** One HTTP/1.1 exchange with a Host header of our choosing (java.net.http will not send one). */
    private static String[] exchange(int port, String host, String method, String path, String basic, String form) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
            if (basic != null) {
                request.append("Authorization: Basic ").append(Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8))).append("\r\n");
            }
            if (form != null) {
                request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            return new String[] {response.substring(9, 12), response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }

    private static Map<String, Object> json(String body) throws Exception {
        return JSONObjectUtils.parse(body);
    }

    @Test
    void theIssuerFollowsTheHostTheClientCalledSoAnotherNameGetsAnotherIssuer() throws Exception {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().issuerFromRequestHost().start()) {
            int port = issuer.port();
            String discovery = "/realms/demo/.well-known/openid-configuration";

            Map<String, Object> viaName = json(exchange(port, "idp.test:" + port, "GET", discovery, null, null)[1]);
            Map<String, Object> viaIp = json(exchange(port, "127.0.0.1:" + port, "GET", discovery, null, null)[1]);

            assertThat(viaName).containsEntry("issuer", "http://idp.test:" + port + "/realms/demo")
                    .containsEntry("token_endpoint", "http://idp.test:" + port + "/realms/demo/protocol/openid-connect/token");
            assertThat(viaIp).containsEntry("issuer", "http://127.0.0.1:" + port + "/realms/demo");

            String[] token = exchange(port, "idp.test:" + port, "POST", "/realms/demo/protocol/openid-connect/token",
                    "service-b:b-secret", "grant_type=client_credentials");
            String accessToken = (String) json(token[1]).get("access_token");
            assertThat(Jwt.claims(accessToken)).containsEntry("iss", "http://idp.test:" + port + "/realms/demo");

            String introspect = "/realms/demo/protocol/openid-connect/token/introspect";
            assertThat(json(exchange(port, "idp.test:" + port, "POST", introspect, "service-b:b-secret", "token=" + accessToken)[1]))
                    .containsEntry("active", true);
            assertThat(json(exchange(port, "127.0.0.1:" + port, "POST", introspect, "service-b:b-secret", "token=" + accessToken)[1]))
                    .as("the same token seen through another host name has a foreign issuer").containsEntry("active", false);
        }
    }

    @Test
    void byDefaultTheIssuerIsFixedWhateverTheHost() throws Exception {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().start()) {
            int port = issuer.port();

            Map<String, Object> viaName = json(exchange(port, "idp.test:" + port, "GET",
                    "/realms/demo/.well-known/openid-configuration", null, null)[1]);

            assertThat(viaName).containsEntry("issuer", issuer.issuerUrl("demo"));
        }
    }

    @Test
    void aMalformedHostIsABadRequestAndTheOptionContradictsAFrontendUrl() throws Exception {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().issuerFromRequestHost().start()) {
            String[] answer = exchange(issuer.port(), "evil\"host", "GET", "/realms/demo/.well-known/openid-configuration", null, null);

            assertThat(answer[0]).isEqualTo("400");
            assertThat(answer[1]).doesNotContain("evil");
        }
        assertThatThrownBy(() -> ReferenceIssuer.builder().issuerFromRequestHost()
                .frontendUrl(java.net.URI.create("https://idp.example.com")).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("contradict");
    }
}
