package dev.audguard.servlet;

import dev.audguard.core.AudienceRule;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static dev.audguard.testsupport.ReadmeSnippets.fencedBlocks;
import static dev.audguard.testsupport.ReadmeSnippets.marked;
import static dev.audguard.testsupport.ReadmeSnippets.normalized;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the README's Java examples and runs them in Jetty against a live issuer; the README's
 * code blocks must equal the marked blocks here (with the issuer URL put back), so they cannot
 * drift apart. The web.xml examples run in {@link TomcatWebXmlIT}.
 */
class ReadmeExamplesIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.withRealms(ReadmeRealm.DEMO);

    /** Where the example's validator finds the issuer; the README names a fixed URL instead. */
    static volatile String issuerUrl;
    private static JettyServer jetty;

    // readme:listener {
    public class AudguardSetup implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            TokenValidator validator = TokenValidator.builder()
                    .issuer(issuerUrl)
                    .audience("orders-api")
                    .build();
            BearerTokenFilter filter = BearerTokenFilter.builder(validator)
                    .unprotected("/health", "/public/*")
                    .require("/reports/*", Requirements.audience(AudienceRule.anyOf("reports-api"))
                            .withScopes(List.of("reports:read")))
                    .principalClaim("preferred_username")
                    .build();
            event.getServletContext().addFilter("audguard", filter)
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }
    }
    // readme:listener }

    static final class WhoAmI extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            // readme:servlet {
            VerifiedToken token = BearerTokenFilter.verifiedToken(request).orElseThrow();
            String user = request.getUserPrincipal().getName();   // preferred_username here
            boolean viewer = request.isUserInRole("viewer");
            // readme:servlet }
            response.getWriter().print("user=" + user + "\nviewer=" + viewer + "\nsubject=" + token.subject().orElse("") + "\n");
        }
    }

    @BeforeAll
    static void start() {
        issuerUrl = issuer.realm("demo").issuerUrl();
        jetty = JettyServer.start(JettyServer.App.withListener("/orders", new ReadmeExamplesIT().new AudguardSetup(),
                Map.of("/whoami", new WhoAmI())));
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    @Test
    void theProgrammaticExampleProtectsAsTheReadmeSays() {
        RealmHandle demo = issuer.realm("demo");
        String carol = demo.passwordGrant("web", "web-secret", "carol", "carol").accessToken();
        String carolReports = demo.passwordGrant("web", "web-secret", "carol", "carol", "reports:read").accessToken();

        assertThat(Http.get(jetty.uri("/orders/health")).statusCode()).isEqualTo(200);
        assertThat(Http.get(jetty.uri("/orders/public/prices")).statusCode()).isEqualTo(200);
        assertThat(Http.get(jetty.uri("/orders/list")).statusCode()).isEqualTo(401);
        assertThat(Http.bearer(jetty.uri("/orders/list"), carol).statusCode()).isEqualTo(200);
        assertThat(Http.bearer(jetty.uri("/orders/reports/q1"), carol).statusCode()).isEqualTo(401);
        assertThat(Http.bearer(jetty.uri("/orders/reports/q1"), carolReports).statusCode()).isEqualTo(200);
        assertThat(Http.lines(Http.bearer(jetty.uri("/orders/whoami"), carol))).containsEntry("user", "carol")
                .containsEntry("viewer", "true").containsEntry("subject", demo.subjectOf("carol"));
        String dave = demo.passwordGrant("web", "web-secret", "dave", "dave").accessToken();
        assertThat(Http.lines(Http.bearer(jetty.uri("/orders/whoami"), dave))).containsEntry("user", "dave")
                .containsEntry("viewer", "false");
    }

    @Test
    void theReadmeShowsExactlyTheseExamples() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        String source = Files.readString(Path.of("src/test/java/dev/audguard/servlet/ReadmeExamplesIT.java"), StandardCharsets.UTF_8);
        List<String> javaBlocks = fencedBlocks(readme, "java");

        assertThat(javaBlocks).hasSize(3);
        assertThat(normalized(javaBlocks.get(0)))
                .isEqualTo(normalized(marked(source, "listener").replace("issuerUrl", '"' + ReadmeRealm.README_ISSUER + '"')));
        assertThat(normalized(javaBlocks.get(1))).isEqualTo(normalized(marked(source, "servlet")));
        String downstream = Files.readString(Path.of("src/test/java/dev/audguard/servlet/DownstreamCallIT.java"), StandardCharsets.UTF_8);
        assertThat(normalized(javaBlocks.get(2))).isEqualTo(normalized(marked(downstream, "downstream")));
    }
}
