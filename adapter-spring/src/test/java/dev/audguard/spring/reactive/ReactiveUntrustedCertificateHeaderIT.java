package dev.audguard.spring.reactive;

import dev.audguard.spring.DemoIssuer;
import dev.audguard.spring.SenderConstraintFixtures;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.TestCertificates;
import dev.audguard.testsupport.issuer.ProxiedCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trusted proxy's client-certificate header ({@code audguard.mtls.proxy-header-*}) sent by a peer
 * that is not a trusted proxy, in a WebFlux application on Netty: the binding ignores it (a bound
 * token is refused as presented without a certificate) and the handler never sees it.
 */
class ReactiveUntrustedCertificateHeaderIT {
    @RegisterExtension
    static final DemoIssuer issuer = new DemoIssuer();
    static ConfigurableApplicationContext context;
    static URI base;

    @Configuration(proxyBeanMethods = false)
    @Import(HeaderApi.class)
    static class HeaderEcho {
    }

    @RestController
    static class HeaderApi {
        @GetMapping("/api/header")
        Mono<String> header(@RequestHeader(name = "X-SSL-Client-Cert", required = false) String certificate) {
            return Mono.just(certificate == null ? "none" : "seen");
        }
    }

    @BeforeAll
    static void start() {
        // the test connects from 127.0.0.1, which is not a trusted proxy here
        context = ReactiveTestApp.start(new Class<?>[] {HeaderEcho.class},
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer.demo().issuerUrl(),
                "spring.security.oauth2.resourceserver.jwt.audiences", "reactive-service",
                "audguard.mtls.enabled", "true", "audguard.mtls.proxy-header-format", "nginx",
                "audguard.mtls.proxy-header-name", "X-SSL-Client-Cert", "audguard.mtls.trusted-proxies", "10.0.0.0/8");
        base = URI.create("http://127.0.0.1:" + ((ReactiveWebServerApplicationContext) context).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void isIgnoredByTheBindingAndNeverSeenByTheHandler() throws Exception {
        TestCertificates.Issued alice = TestCertificates.newCa().issueClient("alice");
        String header = ProxiedCertificates.headerValue(alice);
        String bound = SenderConstraintFixtures.boundToCertificate(issuer.demo(), "reactive-service", alice);

        HttpResponse<String> refused = SenderConstraintFixtures.send(Http.CLIENT, HttpRequest.newBuilder(base.resolve("/api/data"))
                .GET().header("Authorization", "Bearer " + bound).header("X-SSL-Client-Cert", header));
        HttpResponse<String> seen = SenderConstraintFixtures.send(Http.CLIENT, HttpRequest.newBuilder(base.resolve("/api/header"))
                .GET().header("Authorization", "Bearer " + SenderConstraintFixtures.unbound(issuer.demo(), "reactive-service"))
                .header("x-ssl-client-cert", header));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("The access token is bound to a client certificate and none was presented.");
        assertThat(seen.statusCode()).isEqualTo(200);
        assertThat(seen.body()).isEqualTo("none");
    }
}
