package dev.audguard.spring;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.TestCertificates;
import dev.audguard.testsupport.issuer.ProxiedCertificates;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sender-constraint tests of both Spring stacks share (Spring MVC on Tomcat, WebFlux on
 * Netty): bound tokens from the reference issuer, one HTTP call with a generous timeout, and the
 * mutual-TLS key and trust stores a Spring Boot server is given through {@code server.ssl.*}.
 * Public so that the reactive package's tests can use it too.
 */
public final class SenderConstraintFixtures {
    private SenderConstraintFixtures() {
    }

    /** A token minted by {@code realm} for {@code audience}, subject alice, bound to {@code key} ({@code cnf.jkt}). */
    public static String boundToKey(RealmHandle realm, String audience, DpopProofSigner key) {
        return realm.mint().subject("alice").claim("preferred_username", "alice").audience(audience)
                .claim("cnf", Map.of("jkt", key.thumbprint())).sign();
    }

    /** A token minted by {@code realm} for {@code audience}, subject alice, bound to nothing. */
    public static String unbound(RealmHandle realm, String audience) {
        return realm.mint().subject("alice").claim("preferred_username", "alice").audience(audience).sign();
    }

    /** A token minted by {@code realm} for {@code audience}, bound to {@code certificate} ({@code cnf.x5t#S256}). */
    public static String boundToCertificate(RealmHandle realm, String audience, TestCertificates.Issued certificate) {
        return ProxiedCertificates.boundTo(realm.mint().subject("alice").claim("preferred_username", "alice").audience(audience),
                certificate).sign();
    }

    /**
     * A DPoP-bound token the issuer itself issued, as Keycloak 26 does: the password grant of
     * {@code clientId} for alice, with a proof of {@code key} for the token endpoint.
     */
    public static String issuedWithProof(RealmHandle realm, String clientId, String secret, DpopProofSigner key) throws Exception {
        URI endpoint = realm.tokenEndpoint();
        HttpResponse<String> response = send(HttpClient.newHttpClient(), HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("DPoP", key.proof("POST", endpoint, (String) null))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=alice&password=alice&client_id="
                        + clientId + "&client_secret=" + secret)));
        assertThat(response.statusCode()).as("the token endpoint's answer").isEqualTo(200);
        Map<String, Object> answer = JSONObjectUtils.parse(response.body());
        assertThat(answer.get("token_type")).isEqualTo("DPoP");
        return (String) answer.get("access_token");
    }

    /** Sends {@code request} with a 30 s timeout (a loaded CI machine is slow, never this slow). */
    public static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A test CA with two client certificates (alice, bob) and a server certificate for 127.0.0.1,
     * written as PKCS#12 stores for {@code server.ssl.*}; {@link #close()} deletes them.
     */
    public static final class MutualTlsStores implements AutoCloseable {
        private static final String PASSWORD = "test-only";
        private final TestCertificates ca;
        private final TestCertificates.Issued alice;
        private final TestCertificates.Issued bob;
        private final Path directory;
        private final Path keyStore;
        private final Path trustStore;

        public MutualTlsStores() throws Exception {
            ca = TestCertificates.newCa();
            alice = ca.issueClient("alice");
            bob = ca.issueClient("bob");
            directory = Files.createTempDirectory("audguard-mtls");
            keyStore = write(ca.keyStore(ca.issueServer("127.0.0.1"), PASSWORD.toCharArray()), "server.p12");
            trustStore = write(ca.trustStore(), "trust.p12");
        }

        private Path write(KeyStore store, String name) throws Exception {
            Path file = directory.resolve(name);
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD.toCharArray());
            }
            return file;
        }

        public TestCertificates.Issued alice() {
            return alice;
        }

        public TestCertificates.Issued bob() {
            return bob;
        }

        /**
         * The {@code server.ssl.*} properties, names and values in turn: TLS with the server
         * certificate, client certificates of the CA asked for with {@code want} (an unbound token may
         * come without one).
         */
        public List<String> serverProperties() {
            return new ArrayList<>(List.of(
                    "server.ssl.enabled", "true",
                    "server.ssl.key-store", keyStore.toUri().toString(),
                    "server.ssl.key-store-type", "PKCS12",
                    "server.ssl.key-store-password", PASSWORD,
                    "server.ssl.trust-store", trustStore.toUri().toString(),
                    "server.ssl.trust-store-type", "PKCS12",
                    "server.ssl.trust-store-password", PASSWORD,
                    "server.ssl.client-auth", "want"));
        }

        /** An HTTP/1.1 client trusting the CA and presenting {@code certificate} (none when null). */
        public HttpClient client(TestCertificates.Issued certificate) throws Exception {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(ca.clientContext(certificate)).connectTimeout(Duration.ofSeconds(20)).build();
        }

        @Override
        public void close() throws Exception {
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
        }
    }
}
