package dev.audguard.servlet;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.ReadmeSnippets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's two web.xml examples, as written there (the issuer URL and the keycloak.json made
 * to point at a live issuer), deployed as web applications in embedded Tomcat 11, which parses
 * the descriptor and instantiates the filter from its class name.
 */
@Tag("tomcat")
class TomcatWebXmlIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.withRealms(ReadmeRealm.DEMO);

    @TempDir
    Path dir;

    @Test
    void theReadmesWebXmlExamplesRunInTomcat() throws IOException {
        RealmHandle demo = issuer.realm("demo");
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        List<String> filters = ReadmeSnippets.fencedBlocks(readme, "xml").stream().filter(b -> b.contains("<filter>")).toList();
        assertThat(filters).hasSize(2);
        Path issuerApp = webapp("issuer", filters.get(0).replace(ReadmeRealm.README_ISSUER, demo.issuerUrl()));
        Path keycloakApp = webapp("keycloak", filters.get(1));
        String base = demo.issuerUrl().substring(0, demo.issuerUrl().indexOf("/realms/"));
        Files.writeString(keycloakApp.resolve("WEB-INF/keycloak.json"), """
                {"realm": "demo", "auth-server-url": "%s", "resource": "orders-api", "principal-attribute": "preferred_username"}
                """.formatted(base));

        try (TomcatServer server = TomcatServer.startWebapps(Map.of("/orders", issuerApp, "/legacy", keycloakApp))) {
            String carol = demo.passwordGrant("web", "web-secret", "carol", "carol").accessToken();
            String carolReports = demo.passwordGrant("web", "web-secret", "carol", "carol", "reports:read").accessToken();

            assertThat(Http.get(server.uri("/orders/health")).statusCode()).isEqualTo(200);
            assertThat(Http.get(server.uri("/orders/list")).statusCode()).isEqualTo(401);
            assertThat(Http.lines(Http.bearer(server.uri("/orders/list"), carol)))
                    .containsEntry("principal", "carol").containsEntry("authType", "BEARER");
            assertThat(Http.bearer(server.uri("/orders/reports/q1"), carol).statusCode()).isEqualTo(401);
            assertThat(Http.bearer(server.uri("/orders/reports/q1"), carolReports).statusCode()).isEqualTo(200);

            assertThat(Http.get(server.uri("/legacy/list")).statusCode()).isEqualTo(401);
            assertThat(Http.lines(Http.bearer(server.uri("/legacy/list?role=viewer"), carol)))
                    .containsEntry("principal", "carol").containsEntry("role:viewer", "true");
            String forReports = demo.mint().subject("carol").audience("reports-api").sign();
            assertThat(Http.bearer(server.uri("/legacy/list"), forReports).statusCode()).isEqualTo(401);
        }
    }

    private Path webapp(String name, String filterXml) throws IOException {
        Path app = Files.createDirectories(dir.resolve(name).resolve("WEB-INF"));
        Files.writeString(app.resolve("web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                %s
                  <servlet>
                    <servlet-name>echo</servlet-name>
                    <servlet-class>dev.audguard.servlet.EchoServlet</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>echo</servlet-name>
                    <url-pattern>/*</url-pattern>
                  </servlet-mapping>
                </web-app>
                """.formatted(filterXml));
        return app.getParent();
    }
}
