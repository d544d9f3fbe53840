package dev.audguard.conformance;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static dev.audguard.testsupport.ReadmeSnippets.fencedBlocks;
import static dev.audguard.testsupport.ReadmeSnippets.marked;
import static dev.audguard.testsupport.ReadmeSnippets.normalized;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the README's examples and runs them against {@link MiniAdapter} services; the README's
 * Java blocks must equal the marked blocks here, so they cannot drift apart.
 */
class ReadmeExamplesIT {
    private static final List<MiniAdapter> STARTED = new CopyOnWriteArrayList<>();

    static URI startOrdersApi(String issuerUrl) {
        MiniAdapter adapter = MiniAdapter.start(issuerUrl, "service-b", MiniAdapter.Flaw.NONE);
        STARTED.add(adapter);
        return adapter.uri("/");
    }

    static URI startReportsApi(String issuerUrl) {
        MiniAdapter adapter = MiniAdapter.start(issuerUrl, "reports-api", MiniAdapter.Flaw.NONE);
        STARTED.add(adapter);
        return adapter.uri("/");
    }

    @AfterAll
    static void stopServices() {
        STARTED.forEach(MiniAdapter::close);
    }

    @Nested
    // readme:orders {
    class OrdersApiConformanceIT {
        @RegisterExtension
        static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

        @TestFactory
        Stream<DynamicTest> ordersApiAnswersAsRfc6750Requires() {
            URI orders = startOrdersApi(issuer.issuerUrl("demo"));   // your service, requiring aud service-b
            return AdapterConformance.builder()
                    .realm(issuer.realm("demo"))
                    .protectedUrl(orders.resolve("/orders"))
                    .audience("service-b")
                    .build()
                    .tests();
        }
    }
    // readme:orders }

    @Nested
    class ReportsApi {
        @RegisterExtension
        static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

        // readme:reports {
        @RegisterExtension
        static ReferenceIssuerExtension coldIssuer = ReferenceIssuerExtension.builtInDemo();

        @TestFactory
        Stream<DynamicTest> reportsApiAnswersAsRfc6750Requires() {
            URI reports = startReportsApi(issuer.issuerUrl("demo"));
            URI coldReports = startReportsApi(coldIssuer.issuerUrl("demo"));
            return AdapterConformance.builder()
                    .realm(issuer.realm("demo"))
                    .protectedUrl(reports.resolve("/reports"))
                    .audience("reports-api")
                    .rightToken(TokenSource.passwordGrant("service-a", "a-secret", "bob", "bob"))   // bob's aud has reports-api
                    .tokensForOtherServices(Map.of("service-c's own token", TokenSource.clientCredentials("service-c", "c-secret")))
                    .scopeRequiredAt(reports.resolve("/admin/users"), "admin")
                    .keysUnavailableAt(coldReports.resolve("/reports"), coldIssuer.realm("demo"))
                    .build()
                    .tests();
        }
        // readme:reports }
    }

    @Test
    void theReadmeShowsExactlyTheseExamples() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        String source = Files.readString(Path.of("src/test/java/dev/audguard/conformance/ReadmeExamplesIT.java"),
                StandardCharsets.UTF_8);
        List<String> blocks = fencedBlocks(readme, "java");

        assertThat(blocks).hasSize(2);
        assertThat(normalized(blocks.get(0))).isEqualTo(normalized(marked(source, "orders")));
        assertThat(normalized(blocks.get(1))).isEqualTo(normalized(marked(source, "reports")));
    }
}
