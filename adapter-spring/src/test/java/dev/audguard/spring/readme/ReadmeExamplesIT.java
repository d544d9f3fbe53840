package dev.audguard.spring.readme;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.spring.AudguardAutoConfiguration;
import dev.audguard.spring.MvcService;
import dev.audguard.spring.internal.AudguardFailureAnalyzer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the README to its word: every Java block of the README is code of this package, the
 * README's application.yml starts {@link OrdersApplication} against the reference issuer and
 * {@code service-c}, and the start-up failure it shows is the one audguard reports.
 */
class ReadmeExamplesIT {
    private static final Path README = Path.of("README.md");
    private static final Path SOURCES = Path.of("src/test/java/dev/audguard/spring/readme");
    @RegisterExtension
    static final MvcService service = new MvcService();

    @BeforeAll
    static void startTheReadmeService(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        RealmHandle demo = Fixtures.demo();
        String yaml = blocks("yaml").get(0)
                .replace("https://idp.example.com/realms/demo", demo.issuerUrl())
                .replace("https://service-c.internal", Fixtures.serviceC().toString());
        Path config = dir.resolve("application.yml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        service.start(OrdersApplication.class, "spring.config.location=file:" + config, "SERVICE_B_SECRET=b-secret");
    }

    @Test
    void everyJavaBlockOfTheReadmeIsCodeOfTheExampleApplication() throws IOException {
        String code;
        try (Stream<Path> files = Files.list(SOURCES)) {
            code = normalized(String.join("\n", files.filter(f -> !f.endsWith("ReadmeExamplesIT.java") && !f.endsWith("Fixtures.java"))
                    .map(ReadmeExamplesIT::read).toList()));
        }
        List<String> blocks = blocks("java");
        assertThat(blocks).hasSize(5);
        for (String block : blocks) {
            assertThat(code).contains(normalized(block));
        }
    }

    @Test
    void theReadmeServiceAcceptsItsTokensAndRefusesOthers() {
        String alice = Fixtures.demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        String forServiceC = Fixtures.demo().clientCredentials("service-b", "b-secret").accessToken();

        HttpResponse<String> accepted = Fixtures.bearer(service.uri("/orders"), alice);

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo("orders of alice for [service-b]");
        assertThat(Fixtures.bearer(service.uri("/orders"), forServiceC).statusCode()).isEqualTo(401);
        assertThat(Fixtures.get(service.uri("/actuator/health")).statusCode()).isEqualTo(200);
    }

    @Test
    void theReadmeMethodSecurityUsesKeycloakClientRoles() {
        String bob = Fixtures.demo().passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();
        String alice = Fixtures.demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        assertThat(Fixtures.bearer(service.uri("/reports"), bob).statusCode()).isEqualTo(200);
        assertThat(Fixtures.bearer(service.uri("/reports"), alice).statusCode()).isEqualTo(403);
    }

    @Test
    void theReadmeServiceCallsServiceCWithAnExchangedToken() {
        String alice = Fixtures.demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        HttpResponse<String> stock = Fixtures.bearer(service.uri("/orders/7/stock"), alice);

        assertThat(stock.statusCode()).isEqualTo(200);
        assertThat(stock.body()).isEqualTo("stock of 7 for alice");
        assertThat(Fixtures.receivedByServiceC()).isNotEmpty().doesNotContain("Bearer " + alice);
    }

    @Test
    void theStartUpFailureOfTheReadmeIsTheOneReported() {
        String readme = read(README);
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class))
                .withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=https://idp.example.com/realms/demo")
                .run(context -> {
                    FailureAnalysis analysis = new AudguardFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(readme).contains("Description:\n\n" + analysis.getDescription() + "\n\nAction:\n\n" + analysis.getAction() + "\n");
                });
    }

    private static List<String> blocks(String language) {
        Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(read(README));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String normalized(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
