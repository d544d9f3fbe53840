package dev.audguard.samples.serviceb;

import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * service-b, started with its documented arguments, takes a DPoP-bound token (RFC 9449) with a fresh
 * proof, and its RFC 9728 metadata says it does. Its port is chosen at start, so it is told the URL
 * clients call it at ({@code --public-url}, as behind a proxy), which the proof's {@code htu} names.
 * The rules themselves (replay, a bound token as Bearer, ...) are adapter-spring's to prove.
 */
class ServiceBDpopIT {
    private static final String PUBLIC_URL = "https://service-b.example.com";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20)).build();

    @Test
    void aBoundTokenWithAFreshProofIsServedAndTheMetadataSaysSo() throws Exception {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
             ConfigurableApplicationContext context = SpringApplication.run(ServiceB.class, "--port=0",
                     "--issuer=" + issuer.issuerUrl("demo"), "--service-c-url=http://127.0.0.1:1", "--public-url=" + PUBLIC_URL)) {
            URI base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
            DpopProofSigner key = DpopProofSigner.generate();
            String bound = issuer.realm("demo").mint().subject("alice").audience("service-b")
                    .claim("cnf", Map.of("jkt", key.thumbprint())).sign();

            HttpResponse<String> served = send(HttpRequest.newBuilder(base.resolve("/api/hello"))
                    .header("Authorization", "DPoP " + bound)
                    .header("DPoP", key.proof("GET", URI.create(PUBLIC_URL + "/api/hello"), bound, null)));
            HttpResponse<String> metadata = send(HttpRequest.newBuilder(base.resolve("/.well-known/oauth-protected-resource")));

            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(served.body()).contains("\"service\":\"service-b\"");
            assertThat(metadata.body()).contains("\"dpop_signing_alg_values_supported\":[\"ES256\"]")
                    .contains("\"dpop_bound_access_tokens_required\":false");
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
