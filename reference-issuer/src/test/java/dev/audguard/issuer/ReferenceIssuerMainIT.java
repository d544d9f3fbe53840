package dev.audguard.issuer;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standalone server: one stdout line once listening, the notice on stderr, realm files, bad arguments. */
class ReferenceIssuerMainIT {

    @Test
    void printsExactlyOneListeningLineAndServesTheDemoRealm() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ReferenceIssuer issuer = ReferenceIssuerMain.start(new String[] {"--port=0", "--context-path", "/auth"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))) {

            assertThat(out.toString(StandardCharsets.UTF_8))
                    .isEqualTo("reference issuer listening on http://127.0.0.1:" + issuer.port() + System.lineSeparator());
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("for tests only, not a production identity provider");
            assertThat(Http.get(URI.create(issuer.issuerUrl("demo") + "/.well-known/openid-configuration")).status()).isEqualTo(200);
            assertThat(issuer.issuerUrl("demo")).endsWith("/auth/realms/demo");
        }
    }

    @Test
    void httpsWritesItsCaForOtherProcessesToTrust(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path ca = dir.resolve("issuer-ca.pem");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ReferenceIssuer issuer = ReferenceIssuerMain.start(new String[] {"--port=0", "--mtls", "--ca-out", ca.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {

            assertThat(out.toString(StandardCharsets.UTF_8))
                    .isEqualTo("reference issuer listening on https://127.0.0.1:" + issuer.port() + System.lineSeparator());
            assertThat(issuer.tls().mutualTls()).isTrue();
            java.security.cert.X509Certificate written = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                    .getInstance("X.509").generateCertificate(Files.newInputStream(ca));
            assertThat(written).isEqualTo(issuer.tls().caCertificate());
            // a client that trusts only the written file reaches the issuer
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", written);
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(tls)
                    .connectTimeout(java.time.Duration.ofSeconds(20)).build();
            assertThat(client.send(java.net.http.HttpRequest.newBuilder(issuer.realm("demo").discoveryUri())
                    .timeout(java.time.Duration.ofSeconds(20)).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        }
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReferenceIssuerMain.start(new String[] {"--ca-out", ca.toString()}, sink, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add --https or --mtls");
        assertThatThrownBy(() -> ReferenceIssuerMain.start(new String[] {"--https", "--mtls"}, sink, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give one");
    }

    @Test
    void servesRealmFilesGiven(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("shop.json");
        Files.writeString(file, "{\"realm\":\"shop\",\"enabled\":true,\"clients\":[{\"clientId\":\"web\",\"secret\":\"s\","
                + "\"serviceAccountsEnabled\":true}]}");
        try (ReferenceIssuer issuer = ReferenceIssuerMain.start(new String[] {"--realm-file", file.toString(), "--port", "0"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {

            assertThat(issuer.realmNames()).containsExactly("shop");
            assertThat(Jwt.claims(issuer.realm("shop").clientCredentials("web", "s").accessToken()))
                    .containsEntry("aud", "account").containsEntry("scope", "profile email");
        }
    }

    @Test
    void badArgumentsAndBadRealmFilesFailWithAClearMessage(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"realm\":\"x\",\"clients\":[{\"clientId\":7}]}");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ReferenceIssuerMain.start(new String[] {"--frobnicate"}, sink, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --frobnicate");
        assertThatThrownBy(() -> ReferenceIssuerMain.start(new String[] {"--port", "http"}, sink, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port");
        assertThatThrownBy(() -> ReferenceIssuerMain.start(new String[] {"--realm-file", broken.toString(), "--port=0"}, sink, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$.clients[0].clientId");
    }

    @Test
    void shadedJarRunsAsAProcess() throws Exception {
        Path jar = Path.of("target", "reference-issuer.jar");
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", jar.toString(), "--port=0").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = stdout.readLine();

            assertThat(line).matches("reference issuer listening on http://127\\.0\\.0\\.1:\\d+");
            String base = line.substring("reference issuer listening on ".length());
            assertThat(Http.get(URI.create(base + "/realms/demo/protocol/openid-connect/certs")).status()).isEqualTo(200);
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
