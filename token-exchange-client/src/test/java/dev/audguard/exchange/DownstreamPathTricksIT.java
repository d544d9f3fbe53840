package dev.audguard.exchange;

import dev.audguard.core.TokenValidationException;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where a downstream request really lands: an embedded Tomcat 11 on loopback serves the
 * {@code /orders/*} and {@code /payments/*} servlets of one gateway, each configured as its own
 * target with its own audience, and the reference issuer exchanges. Tomcat reads
 * {@code /orders/%2e%2e/payments} as {@code /payments}; the client refuses such paths, and every
 * path it does send lands on the servlet whose target's token it carries.
 */
class DownstreamPathTricksIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static Tomcat tomcat;
    private static URI gateway;
    private static TokenValidator anyAudienceOfTheRealm;
    private static final List<Landed> landed = new CopyOnWriteArrayList<>();

    private ExchangingHttpClient client;

    /** A request as a servlet saw it: which servlet, and the token it carried (null without one). */
    record Landed(String servlet, String authorization) {
    }

    @BeforeAll
    static void start() throws IOException, LifecycleException {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        Context context = tomcat.addContext("", null);
        for (String name : List.of("orders", "payments")) {
            Tomcat.addServlet(context, name, new Recording(name));
            context.addServletMapping("/" + name + "/*", name);
        }
        Tomcat.addServlet(context, "other", new Recording("other"));
        context.addServletMapping("/", "other");
        tomcat.start();
        gateway = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        anyAudienceOfTheRealm = TokenValidator.builder().issuer(issuer.realm("demo").issuerUrl())
                .audience("service-c", "good-service").build();
    }

    @AfterAll
    static void stop() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    @BeforeEach
    void setUp() {
        landed.clear();
        TokenExchangeClient exchange = TokenExchangeClient.builder().issuer(issuer.realm("demo").issuerUrl())
                .clientSecret("service-b", "b-secret").build();
        DownstreamAuthorizer authorizer = DownstreamAuthorizer.builder(exchange)
                .target("orders", gateway.resolve("/orders"), t -> t.audience("service-c"))
                .target("payments", gateway.resolve("/payments"), t -> t.audience("good-service").scope("good-service"))
                .build();
        VerifiedToken alice = ReferenceIssuerExchangeIT.aliceAtServiceB(issuer.realm("demo"));
        client = ExchangingHttpClient.builder(authorizer).build().forSubject(alice);
    }

    @Test
    void tomcatLandsEncodedDotSegmentsAndPathParametersOnTheParentPath() throws Exception {
        HttpClient plain = HttpClient.newHttpClient();

        for (String path : List.of("/orders/%2e%2e/payments/charge", "/orders/%2E%2E/payments/charge", "/orders/..;/payments/charge")) {
            HttpResponse<String> response = plain.send(HttpRequest.newBuilder(gateway.resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).as(path).isEqualTo("payments");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders/%2e%2e/payments/charge", "/orders/%2E%2e/payments/charge", "/orders/.%2e/payments/charge",
            "/orders/..;/payments/charge", "/orders;v=1/7", "/orders%2f..%2fpayments/charge", "/orders/..%5cpayments/charge",
            "/orders/%252e%252e/payments/charge", "//payments/charge", "/orders//../payments/charge", "/orders./7",
            "/orders/7."})
    void refusesPathsTomcatReadsDifferentlyBeforeAnythingIsSent(String path) {
        URI url = URI.create(gateway + path);

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(UnknownDownstreamException.class);
        assertThat(landed).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders/7", "/orders/../payments/charge", "/payments/x/../../orders/7", "/%6Frders/7",
            "/%70ayments/charge", "/orders/./7", "/orders/%7Ealice"})
    void everyPathItSendsLandsOnTheServletOfTheTargetWhoseTokenItCarries(String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(gateway + path)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(landed).hasSize(1);
        Landed request = landed.get(0);
        String expectedAudience = request.servlet().equals("orders") ? "service-c" : "good-service";
        assertThat(request.servlet()).as(path).isIn("orders", "payments");
        assertThat(audienceOf(request.authorization())).as(path).contains(expectedAudience)
                .doesNotContain(request.servlet().equals("orders") ? "good-service" : "service-c");
    }

    private static List<String> audienceOf(String authorization) throws TokenValidationException {
        assertThat(authorization).startsWith("Bearer ");
        return anyAudienceOfTheRealm.validate(authorization.substring("Bearer ".length())).audiences();
    }

    /** Records which servlet a request reached and answers with the servlet's name. */
    private static final class Recording extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String name;

        Recording(String name) {
            this.name = name;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            landed.add(new Landed(name, request.getHeader("Authorization")));
            response.setContentType("text/plain");
            response.getWriter().write(name);
        }
    }
}
