package dev.audguard.samples.servicec;

import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * service-c takes a DPoP-bound token (RFC 9449) with a fresh proof for the URL it listens at, and
 * its RFC 9728 metadata says it does. The rules themselves (replay, a bound token as Bearer, a proof
 * for another URI or key) are adapter-jaxrs's and the conformance kit's to prove.
 */
class ServiceCDpopIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20)).build();

    @Test
    void aBoundTokenWithAFreshProofIsServedAndTheMetadataSaysSo() throws Exception {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
             ServiceC service = ServiceC.start("127.0.0.1", 0, issuer.issuerUrl("demo"))) {
            DpopProofSigner key = DpopProofSigner.generate();
            String bound = issuer.realm("demo").mint().subject("alice").audience("service-c")
                    .claim("cnf", Map.of("jkt", key.thumbprint())).sign();
            URI data = service.baseUri().resolve("/api/data");

            HttpResponse<String> served = send(HttpRequest.newBuilder(data).header("Authorization", "DPoP " + bound)
                    .header("DPoP", key.proof("GET", data, bound, null)));
            HttpResponse<String> metadata = send(HttpRequest.newBuilder(service.baseUri().resolve("/.well-known/oauth-protected-resource")));

            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(served.body()).contains("\"service\":\"service-c\"");
            assertThat(metadata.body()).contains("\"dpop_signing_alg_values_supported\":[\"ES256\"]")
                    .contains("\"dpop_bound_access_tokens_required\":false");
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
