package dev.audguard.spring.readme;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = OrdersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrdersApiTest {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();   // a real issuer on a free port

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> issuer.issuerUrl("demo"));
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> "service-b");
        registry.add("spring.security.oauth2.resourceserver.jwt.principal-claim-name", () -> "preferred_username");
        registry.add("audguard.exchange.client-id", () -> "service-b");
        registry.add("audguard.exchange.client-secret", () -> "b-secret");
        registry.add("audguard.exchange.targets.service-c.base-url", () -> "https://service-c.internal");
        registry.add("audguard.exchange.targets.service-c.audience", () -> "service-c");
    }

    @LocalServerPort
    int port;

    @Test
    void acceptsATokenMintedForIt(RealmHandle demo) throws Exception {
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        HttpResponse<String> response = get("/orders", token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("orders of alice for ");
    }

    @Test
    void refusesATokenMintedForAnotherService(RealmHandle demo) throws Exception {
        String forServiceC = demo.clientCredentials("service-b", "b-secret").accessToken();

        assertThat(get("/orders", forServiceC).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
