package dev.audguard.jaxrs;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.audguard.testsupport.ReadmeSnippets.fencedBlocks;
import static dev.audguard.testsupport.ReadmeSnippets.marked;
import static dev.audguard.testsupport.ReadmeSnippets.normalized;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the README's Java examples and runs them on Jersey against a live issuer and a live
 * service-c; the README's code blocks must equal the marked blocks here (with the issuer URL put
 * back), so they cannot drift apart.
 */
class ReadmeExamplesIT {
    private static final String README_ISSUER = "https://idp.example.com/realms/demo";

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static ServiceC serviceC;
    private static TestServer c;
    private static TestServer reports;
    private static TestServer orders;
    private static TestServer dpopReports;
    private static Client client;

    static ResourceConfig reportsApplication(String issuerUrl) {
        // readme:register {
        TokenValidator validator = TokenValidator.builder()
                .issuer(issuerUrl)
                .audience("service-b")
                .build();
        ResourceConfig app = new ResourceConfig(Reports.class)
                .register(BearerTokenFeature.builder(validator).rolesFromClient("reports-api").build());
        // readme:register }
        return app.register(OrdersResource.class);
    }

    // readme:annotations {
    @Path("reports")
    @RequireAudience("reports-api")
    @RolesAllowed("viewer")
    public static class Reports {
        @GET
        public String list(@Context SecurityContext security) {
            VerifiedToken token = BearerTokenFeature.verifiedToken(security).orElseThrow();
            return "reports for " + security.getUserPrincipal().getName() + " via " + token.authorizedParty().orElse("?");
        }

        @GET
        @Path("summary")
        @PermitAll
        public String summary() {
            return "public summary";
        }

        @GET
        @Path("export")
        @RequireScope("reports:export")
        public String export() {
            return "export";
        }
    }
    // readme:annotations }

    // readme:hierarchy {
    @Path("orders")
    public interface OrdersApi {
        @GET
        @RolesAllowed("viewer")        // honoured on the implementation below, on either runtime
        String list();
    }

    public static class OrdersResource implements OrdersApi {
        @Override
        public String list() {         // writing @PermitAll here would stop the application
            return "orders";
        }
    }
    // readme:hierarchy }

    static ResourceConfig dpopApplication(TokenValidator validator) {
        // readme:dpop {
        DpopVerifier dpop = DpopVerifier.builder()
                .externalBaseUrl(URI.create("https://api.example.com"))   // required: what clients put in htu
                .build();                                                  // policy ALLOWED by default
        ResourceConfig app = new ResourceConfig(Reports.class)
                .register(BearerTokenFeature.builder(validator)
                        .senderBinding(SenderConstraints.builder().dpop(dpop).build().step())
                        .build());
        // readme:dpop }
        return app;
    }

    static ResourceConfig ordersApplication(String issuerUrl, String secret, URI serviceC) {
        // readme:downstream {
        TokenValidator validator = TokenValidator.builder()
                .issuer(issuerUrl)
                .audience("service-b")
                .build();
        BearerTokenFeature bearer = BearerTokenFeature.builder(validator).build();
        TokenExchangeClient exchange = TokenExchangeClient.builder()
                .issuer(issuerUrl)
                .clientSecret("service-b", secret)
                .build();
        DownstreamAuthorizer downstream = DownstreamAuthorizer.builder(exchange)
                .target("service-c", serviceC, t -> t.audience("service-c"))
                .build();
        Client client = ClientBuilder.newClient().register(ExchangingClientFilter.builder(downstream)
                .subjectTokenSource(bearer.subjectTokenSource())
                .build());
        ResourceConfig app = new ResourceConfig().register(bearer).register(new Orders(client, serviceC));
        // readme:downstream }
        ReadmeExamplesIT.client = client;
        return app;
    }

    @Path("orders")
    public static class Orders {
        private final Client client;
        private final URI serviceC;

        Orders(Client client, URI serviceC) {
            this.client = client;
            this.serviceC = serviceC;
        }

        @GET
        public String list() {
            // readme:call {
            String answer = client.target(serviceC).path("whoami").request().get(String.class);
            // readme:call }
            return answer;
        }

        @GET
        @Path("explicit")
        public String explicit(@Context SecurityContext security) throws Exception {
            VerifiedToken token = BearerTokenFeature.verifiedToken(security).orElseThrow();
            // off the request thread, as in an executor: the subject is named
            return CompletableFuture.supplyAsync(() ->
                    // readme:explicit {
                    client.target(serviceC).path("whoami").request()
                            .property(ExchangingClientFilter.SUBJECT_PROPERTY, token)
                            .get(String.class)
                    // readme:explicit }
            ).get();
        }
    }

    @BeforeAll
    static void start() {
        RealmHandle demo = issuer.realm("demo");
        serviceC = new ServiceC(demo.issuerUrl());
        c = JerseyServer.start(serviceC);
        reports = JerseyServer.start(reportsApplication(demo.issuerUrl()));
        orders = JerseyServer.start(ordersApplication(demo.issuerUrl(), "b-secret", c.uri("/api")));
        dpopReports = JerseyServer.start(dpopApplication(TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build()));
    }

    @AfterAll
    static void stop() {
        orders.close();
        dpopReports.close();
        reports.close();
        c.close();
        client.close();
    }

    @Test
    void theAnnotatedResourceAnswersAsTheReadmeSays() {
        RealmHandle demo = issuer.realm("demo");
        String bob = demo.passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();
        String alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        assertThat(Http.bearer(reports.uri("/reports"), bob).body()).isEqualTo("reports for " + demo.subjectOf("bob") + " via service-a");
        assertThat(Http.bearer(reports.uri("/reports"), alice).statusCode()).isEqualTo(401);
        assertThat(Http.get(reports.uri("/reports/summary")).body()).isEqualTo("public summary");
        assertThat(Http.bearer(reports.uri("/reports/export"), bob).statusCode()).isEqualTo(403);
    }

    @Test
    void theInterfacesRoleHoldsOnItsImplementation() {
        RealmHandle demo = issuer.realm("demo");
        String bob = demo.passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();
        String alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        assertThat(Http.bearer(reports.uri("/orders"), bob).body()).isEqualTo("orders");
        assertThat(Http.bearer(reports.uri("/orders"), alice).statusCode()).isEqualTo(403);
    }

    @Test
    void theDpopExampleChecksProofsForItsExternalUrl() {
        RealmHandle demo = issuer.realm("demo");
        DpopProofSigner key = DpopProofSigner.generate();
        String bound = demo.mint().audience("reports-api").claim("cnf", Map.of("jkt", key.thumbprint())).sign();
        URI summary = dpopReports.uri("/reports/summary");

        assertThat(Http.get(dpopReports.uri("/reports")).headers().allValues("WWW-Authenticate")).contains("DPoP algs=\"ES256\"");
        assertThat(Http.send(Http.request(summary, "DPoP " + bound)
                .header("DPoP", key.proof("GET", URI.create("https://api.example.com/reports/summary"), bound, null))).body())
                .isEqualTo("public summary");
        assertThat(Http.send(Http.request(summary, "DPoP " + bound)
                .header("DPoP", key.proof("GET", summary, bound, null))).statusCode()).isEqualTo(401);
    }

    @Test
    void theDownstreamExampleCallsServiceCWithAnExchangedToken() {
        RealmHandle demo = issuer.realm("demo");
        String alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        assertThat(Http.lines(Http.bearer(orders.uri("/orders"), alice))).containsEntry("sub", demo.subjectOf("alice"))
                .containsEntry("azp", "service-b");
        assertThat(Http.lines(Http.bearer(orders.uri("/orders/explicit"), alice))).containsEntry("azp", "service-b");
        assertThat(serviceC.seen).allSatisfy(t -> assertThat(t.rawToken()).isNotEqualTo(alice));
    }

    @Test
    void theReadmeShowsExactlyTheseExamples() throws IOException {
        String readme = Files.readString(java.nio.file.Path.of("README.md"), StandardCharsets.UTF_8);
        String source = Files.readString(java.nio.file.Path.of("src/test/java/dev/audguard/jaxrs/ReadmeExamplesIT.java"), StandardCharsets.UTF_8);
        List<String> blocks = fencedBlocks(readme, "java");

        List<String> expected = List.of("register", "annotations", "hierarchy", "dpop", "downstream", "call", "explicit");
        assertThat(blocks).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            String code = marked(source, expected.get(i)).replace("issuer(issuerUrl)", "issuer(\"" + README_ISSUER + "\")")
                    .replace("public static class", "public class");
            assertThat(normalized(blocks.get(i))).as(expected.get(i)).isEqualTo(normalized(code));
        }
    }
}
