package dev.audguard.spring;

import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9728 metadata, served by Spring Security's filter with audguard's issuers and scopes. */
class ResourceMetadataIT extends ServiceBTestBase {

    @Test
    void servesMetadataNamingEveryTrustedIssuer() {
        HttpResponse<String> response = Http.get(uri("/.well-known/oauth-protected-resource"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"resource\":\"http://127.0.0.1:" + port + "\"")
                .contains("\"authorization_servers\":[\"" + TestIssuers.demo().issuerUrl() + "\",\""
                        + TestIssuers.partner().issuerUrl() + "\",\"" + TestIssuers.down().issuerUrl() + "\"]")
                .contains("\"scopes_supported\":[\"admin\",\"audit\"]")
                .contains("\"bearer_methods_supported\":[\"header\"]")
                .contains("\"tls_client_certificate_bound_access_tokens\":false");
    }

    @Test
    void challengesPointAtTheMetadata() {
        HttpResponse<String> response = Http.get(uri("/api/orders"));

        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .contains("resource_metadata=\"http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource\""));
    }
}
