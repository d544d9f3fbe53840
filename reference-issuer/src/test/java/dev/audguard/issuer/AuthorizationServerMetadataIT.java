package dev.audguard.issuer;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8414 metadata at both URLs Keycloak 26.7.3 answers, beside OpenID Connect discovery. */
class AuthorizationServerMetadataIT {

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @Test
    @SuppressWarnings("unchecked")
    void metadataIsServedAtThePathInsertedAndTheRealmRelativeUrl(ReferenceIssuer running, RealmHandle demo) {
        URI inserted = URI.create(running.baseUri() + "/.well-known/oauth-authorization-server/realms/demo");
        assertThat(demo.authorizationServerMetadataUri()).isEqualTo(inserted);

        Http.Answer atRoot = Http.get(inserted);
        Http.Answer belowRealm = Http.get(URI.create(demo.issuerUrl() + "/.well-known/oauth-authorization-server"));

        assertThat(atRoot.status()).isEqualTo(200);
        assertThat(belowRealm.status()).isEqualTo(200);
        assertThat(atRoot.header("Content-Type")).startsWith("application/json");
        Map<String, Object> m = atRoot.json();
        assertThat(belowRealm.json()).isEqualTo(m);
        assertThat(m).containsEntry("issuer", demo.issuerUrl())
                .containsEntry("token_endpoint", demo.tokenEndpoint().toString())
                .containsEntry("authorization_endpoint", demo.authorizationEndpoint().toString())
                .containsEntry("jwks_uri", demo.jwksUri().toString())
                .containsEntry("introspection_endpoint", demo.introspectionEndpoint().toString())
                .containsEntry("revocation_endpoint", demo.revocationEndpoint().toString())
                .containsEntry("code_challenge_methods_supported", List.of("S256"));
        assertThat((List<Object>) m.get("grant_types_supported")).contains("client_credentials", "authorization_code", "refresh_token");
        assertThat((List<Object>) m.get("token_endpoint_auth_methods_supported")).contains("client_secret_basic", "client_secret_post");
        assertThat((List<Object>) m.get("response_types_supported")).contains("code");
    }

    @Test
    void theRequestLogShowsMetadataRequestsSoATestCanAssertAClientUsedRfc8414(RealmHandle demo, ReferenceIssuer running) {
        Http.get(URI.create(running.baseUri() + "/.well-known/oauth-authorization-server/realms/demo"));
        Http.get(demo.authorizationServerMetadataUriBelowRealm());
        Http.get(demo.discoveryUri());

        assertThat(demo.requests().to("oauth-authorization-server")).extracting(RecordedRequest::path)
                .containsExactly("/.well-known/oauth-authorization-server/realms/demo", "/.well-known/oauth-authorization-server");
        assertThat(demo.requests().to("discovery")).hasSize(1);
    }

    @Test
    void unknownRealmsAndOtherMethodsAreRefused(ReferenceIssuer running) {
        assertThat(Http.get(URI.create(running.baseUri() + "/.well-known/oauth-authorization-server/realms/nope")).status()).isEqualTo(404);
        assertThat(Http.get(URI.create(running.baseUri() + "/.well-known/oauth-authorization-server/realms/demo/x")).status()).isEqualTo(404);
        assertThat(Http.postEmpty(URI.create(running.baseUri() + "/.well-known/oauth-authorization-server/realms/demo")).status())
                .isEqualTo(405);
    }

    @Test
    void withAContextPathTheWellKnownSegmentGoesBeforeIt() {
        try (ReferenceIssuer own = ReferenceIssuer.builder().contextPath("/auth").start()) {
            RealmHandle demo = own.realm("demo");
            URI inserted = URI.create("http://127.0.0.1:" + own.port() + "/.well-known/oauth-authorization-server/auth/realms/demo");

            assertThat(demo.authorizationServerMetadataUri()).isEqualTo(inserted);
            assertThat(Http.get(inserted).json()).containsEntry("issuer", demo.issuerUrl());
            assertThat(Http.get(demo.authorizationServerMetadataUriBelowRealm()).status()).isEqualTo(200);
        }
    }
}
