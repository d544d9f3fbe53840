package dev.audguard.jaxrs;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.binding.ClientCertificateHeader;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.TestCertificates;
import dev.audguard.testsupport.issuer.ProxiedCertificates;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.audguard.testsupport.issuer.ProxiedCertificates.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trusted proxy's client-certificate header (issue 16, "ignored and stripped"), over real HTTP;
 * run on Jersey ({@code JerseyProxyCertificateHeaderIT}) and RESTEasy ({@code ResteasyProxyCertificateHeaderIT}). Jakarta REST has no portable peer address, so no peer is ever a trusted
 * proxy here: the header never binds a token, and the container filter removes it before any
 * resource method sees it, protected or not.
 */
abstract class ProxyCertificateHeaderContract {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    static RealmHandle demo;
    static TestCertificates.Issued alice;

    @BeforeAll
    static void realm() throws Exception {
        demo = issuer.realm("demo");
        alice = TestCertificates.newCa().issueClient("alice");
    }

    /** Says whether the resource method saw the header, through each way Jakarta REST offers. */
    @Path("/")
    public static class Headers {
        @GET
        @Path("headers")
        public String headers(@Context HttpHeaders headers) {
            return seen(headers);
        }

        @GET
        @Path("open")
        @PermitAll
        public String open(@Context HttpHeaders headers) {
            return seen(headers);
        }

        private static String seen(HttpHeaders headers) {
            List<String> values = headers.getRequestHeader(HEADER);
            return "header=" + (headers.getHeaderString("x-ssl-client-cert") != null)
                    + " values=" + (values == null ? 0 : values.size())
                    + " listed=" + headers.getRequestHeaders().keySet().stream().anyMatch(HEADER::equalsIgnoreCase);
        }
    }


    abstract TestServer start(Application app);

    TestServer start() {
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build();
        // even the loopback peer is named: the adapter cannot tell who the peer is, so it trusts nobody
        ClientCertificateHeader header = ClientCertificateHeader.nginx(HEADER).trustedProxies("127.0.0.1", "::1").build();
        BearerTokenFeature feature = BearerTokenFeature.builder(validator)
                .senderBinding(SenderConstraints.builder().certificateBound(header).build().step()).build();
        return start(new TestApp(feature, Headers.class));
    }

    static HttpResponse<String> call(TestServer server, String path, String token, boolean withHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (withHeader) {
            request.header(HEADER, ProxiedCertificates.headerValue(alice));
        }
        return Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHeaderNeverReachesAResourceMethod() throws Exception {
        try (TestServer server = start()) {
            String unbound = demo.mint().audience("service-b").sign();

            HttpResponse<String> protectedCall = call(server, "/headers", unbound, true);
            assertThat(protectedCall.statusCode()).isEqualTo(200);
            assertThat(protectedCall.body()).isEqualTo("header=false values=0 listed=false");

            HttpResponse<String> openCall = call(server, "/open", null, true);
            assertThat(openCall.statusCode()).isEqualTo(200);
            assertThat(openCall.body()).isEqualTo("header=false values=0 listed=false");
        }
    }

    @Test
    void theHeaderNeverBindsAToken() throws Exception {
        try (TestServer server = start()) {
            String bound = ProxiedCertificates.boundTo(demo.mint().audience("service-b"), alice).sign();

            HttpResponse<String> response = call(server, "/headers", bound, true);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("The access token is bound to a client certificate and none was presented.");
        }
    }
}
