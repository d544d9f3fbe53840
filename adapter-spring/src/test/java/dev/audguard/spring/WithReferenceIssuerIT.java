package dev.audguard.spring;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.issuer.spring.WithReferenceIssuer;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22 item 7: one line, {@code @WithReferenceIssuer(audience = ..)}, starts the issuer before
 * the context and points Spring Security's and audguard's properties at it; nothing else configures
 * the application.
 */
@SpringBootTest(classes = WithReferenceIssuerIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.banner-mode=off", "server.address=127.0.0.1"})
@WithReferenceIssuer(audience = "service-b")
class WithReferenceIssuerIT {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(App.Hello.class)
    static class App {
        @RestController
        static class Hello {
            @GetMapping("/hello")
            String hello(Authentication authentication) {
                return "hello " + authentication.getName();
            }
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    RealmHandle demo;

    @Autowired
    ReferenceIssuer issuer;

    @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}")
    String issuerUri;

    private URI hello() {
        return URI.create("http://127.0.0.1:" + port + "/hello");
    }

    @Test
    void aTokenMintedForTheServiceIsAccepted() {
        // service-a's tokens carry aud service-b (its audience mapper)
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        HttpResponse<String> response = Http.bearer(hello(), token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("hello ");
        assertThat(issuerUri).isEqualTo(demo.issuerUrl()).isEqualTo(issuer.issuerUrl("demo"));
    }

    @Test
    void aTokenForAnotherServiceAndNoTokenAre401() {
        // service-b's own service-account token names service-c, not service-b
        String forServiceC = demo.clientCredentials("service-b", "b-secret").accessToken();

        HttpResponse<String> wrongAudience = Http.bearer(hello(), forServiceC);
        HttpResponse<String> none = Http.get(hello());

        assertThat(wrongAudience.statusCode()).isEqualTo(401);
        assertThat(wrongAudience.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                c -> assertThat(c).contains("error=\"invalid_token\""));
        assertThat(none.statusCode()).isEqualTo(401);
    }
}
