package dev.audguard.servlet;

import dev.audguard.core.Requirements;
import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9728: the filter serves the protected resource metadata and points its challenges at it. */
class ResourceMetadataIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static JettyServer jetty;

    @BeforeAll
    static void start() {
        RealmHandle demo = issuer.realm("demo");
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build();
        BearerTokenFilter root = BearerTokenFilter.builder(validator)
                .require("/reports/*", Requirements.scopes("reports:read"))
                .require("/admin/*", Requirements.scopes("admin"))
                .resourceMetadata(URI.create("https://orders.example.com/api"))
                .build();
        BearerTokenFilter inContext = BearerTokenFilter.builder(validator)
                .resourceMetadata(URI.create("https://orders.example.com/orders"))
                .build();
        jetty = JettyServer.start(JettyServer.App.of("/", root), JettyServer.App.of("/orders", inContext));
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    @Test
    void servesTheMetadataWithoutAToken() {
        HttpResponse<String> metadata = Http.get(jetty.uri("/.well-known/oauth-protected-resource/api"));

        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(metadata.body()).isEqualTo("{\"resource\":\"https://orders.example.com/api\","
                + "\"authorization_servers\":[\"" + issuer.realm("demo").issuerUrl() + "\"],"
                + "\"bearer_methods_supported\":[\"header\"],"
                + "\"scopes_supported\":[\"admin\",\"reports:read\"]}");
    }

    @Test
    void challengesPointAtTheMetadata() {
        HttpResponse<String> challenge = Http.get(jetty.uri("/orders-list"));

        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().firstValue("WWW-Authenticate")).contains(
                "Bearer resource_metadata=\"https://orders.example.com/.well-known/oauth-protected-resource/api\"");
    }

    @Test
    void onlyGetAndHeadAreServed() throws IOException, InterruptedException {
        HttpResponse<String> post = Http.CLIENT.send(HttpRequest.newBuilder(jetty.uri("/.well-known/oauth-protected-resource/api"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> head = Http.CLIENT.send(HttpRequest.newBuilder(jetty.uri("/.well-known/oauth-protected-resource/api"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(401);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void otherWellKnownPathsStayProtected() {
        assertThat(Http.get(jetty.uri("/.well-known/oauth-protected-resource")).statusCode()).isEqualTo(401);
        assertThat(Http.get(jetty.uri("/.well-known/oauth-protected-resource/api/x")).statusCode()).isEqualTo(401);
    }

    @Test
    void metadataOutsideTheApplicationIsNotServedFromIt() {
        // https://orders.example.com/.well-known/oauth-protected-resource/orders lies in the root
        // application, not in /orders: that one cannot serve it, and stays protected
        assertThat(Http.get(jetty.uri("/orders/.well-known/oauth-protected-resource/orders")).statusCode()).isEqualTo(401);
        assertThat(Http.get(jetty.uri("/orders/.well-known/oauth-protected-resource")).statusCode()).isEqualTo(401);
    }
}
