package dev.audguard.spring;

import dev.audguard.core.TokenValidator;
import dev.audguard.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.audguard.spring.ContextRunners.refusesToStart;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties as users write them in a Spring MVC application (a servlet web context, where Spring
 * would make a plain path a servlet-context resource), and the exact start-up messages they read.
 */
class PropertyMessagesTest {
    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    private final WebApplicationContextRunner runner = ContextRunners.servlet()
            .withConfiguration(AutoConfigurations.of(AudguardRequestContextAutoConfiguration.class));

    @Test
    void keycloakJsonAcceptsAPlainAbsolutePath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("keycloak.json");
        Files.writeString(file, "{\"realm\": \"demo\", \"auth-server-url\": \"http://127.0.0.1:3\", \"resource\": \"orders-api\"}");

        runner.withPropertyValues("audguard.keycloak-json=" + file).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(TokenValidator.class).issuers()).containsExactly("http://127.0.0.1:3/realms/demo");
        });
    }

    @Test
    void keycloakJsonAcceptsAClasspathLocation() {
        runner.withPropertyValues("audguard.keycloak-json=classpath:audguard/keycloak.json").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(TokenValidator.class).issuers()).containsExactly("http://127.0.0.1:4/realms/classpath-demo");
        });
    }

    @Test
    void jwksFileAcceptsAPathRelativeToTheWorkingDirectory() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "property-messages"));
        Files.writeString(dir.resolve("jwks.json"), TestTokens.publicJwks(), StandardCharsets.UTF_8);

        runner.withPropertyValues("audguard.issuers[0].uri=" + TestTokens.ISSUER, "audguard.issuers[0].audiences=service-b",
                        "audguard.issuers[0].jwks-file=target/property-messages/jwks.json")
                .run(context -> assertThat(context.getBean(JwtDecoder.class).decode(TestTokens.token("service-b", Map.of()))
                        .getSubject()).isEqualTo("user-1"));
    }

    @Test
    void aMissingPlainPathNamesThePropertyAndTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("missing.json");
        runner.withPropertyValues("audguard.issuers[0].uri=" + TestTokens.ISSUER, "audguard.issuers[0].audiences=service-b",
                        "audguard.issuers[0].jwks-file=" + missing)
                .run(context -> {
                    FailureAnalysis analysis = ContextRunners.analysis(context);
                    assertThat(analysis.getDescription())
                            .isEqualTo("audguard: audguard.issuers[0].jwks-file cannot be read: file [" + missing + "]");
                    assertThat(analysis.getAction()).isEqualTo(
                            "Point audguard.issuers[0].jwks-file at a readable file (classpath:... or a file system path).");
                });
    }

    @Test
    void byDefaultRefusesPlainHttpToAnotherHostNamingTheOptIn() {
        runner.withPropertyValues(JWT + "issuer-uri=http://keycloak:8080/realms/demo", JWT + "audiences=service-b")
                .run(refusesToStart("audguard: " + JWT + "issuer-uri (http://keycloak:8080/realms/demo) "
                        + "uses plain http on a host that is not loopback, so anyone on the network path could swap the issuer's keys.",
                        "Use https; or, only where the network itself is trusted (e.g. "
                        + "inside a cluster), set audguard.allow-insecure-http=true."));
        runner.withPropertyValues("audguard.issuers[0].uri=https://idp.example.com/realms/demo", "audguard.issuers[0].audiences=b",
                        "audguard.issuers[0].jwk-set-uri=http://keycloak:8080/certs")
                .run(context -> assertThat(ContextRunners.analysis(context).getDescription())
                        .startsWith("audguard: audguard.issuers[0].jwk-set-uri (http://keycloak:8080/certs) uses plain http"));
    }

    @Test
    void byDefaultRefusesAKeycloakJsonOnPlainHttpNamingTheFileAndTheOptIn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("keycloak.json");
        Files.writeString(file, "{\"realm\": \"demo\", \"auth-server-url\": \"http://keycloak:8080\", \"resource\": \"orders-api\","
                + " \"ssl-required\": \"none\"}");

        runner.withPropertyValues("audguard.keycloak-json=" + file).run(context -> {
            FailureAnalysis analysis = ContextRunners.analysis(context);
            assertThat(analysis.getDescription()).isEqualTo("audguard: audguard.keycloak-json (auth-server-url) "
                    + "(http://keycloak:8080/realms/demo) uses plain http on a host that is not loopback, so anyone on the "
                    + "network path could swap the issuer's keys.");
            assertThat(analysis.getAction()).endsWith("set audguard.allow-insecure-http=true.");
        });
    }

    @Test
    void explicitlyAllowsPlainHttpWithAWarningAtStartUp() {
        String log = CapturedLog.during(() -> runner.withPropertyValues(JWT + "issuer-uri=http://keycloak:8080/realms/demo",
                        JWT + "audiences=service-b", "audguard.allow-insecure-http=true")
                .run(context -> assertThat(context).hasNotFailed()));

        assertThat(log).contains("WARN").contains("audguard: audguard.allow-insecure-http=true: keys and discovery documents "
                + "may be fetched over plain HTTP from any host");
    }

    @Test
    void valuesSdkCoreRefusesAreExplainedInPropertyNames() {
        Map<String, String> expected = Map.of(
                "audguard.max-token-size=10", "audguard: audguard.max-token-size must be at least 64",
                "audguard.key-cache.stale-tolerance=-1s", "audguard: audguard.key-cache.stale-tolerance must not be negative",
                "audguard.connect-timeout=0s", "audguard: audguard.connect-timeout must be positive",
                "audguard.key-cache.refresh-ahead=2", "audguard: audguard.key-cache.refresh-ahead must be between 0.1 and 1.0",
                "audguard.verified-token-cache.size=0",
                "audguard: audguard.verified-token-cache.size: use audguard.verified-token-cache.enabled=false to turn the cache off");
        expected.forEach((property, message) -> runner
                .withPropertyValues(JWT + "issuer-uri=https://idp.example.com/realms/demo", JWT + "audiences=service-b", property)
                .run(context -> assertThat(ContextRunners.analysis(context).getDescription()).as(property).isEqualTo(message)));
    }

    @Test
    void anUnknownPropertyRefusesToStartNamingTheNearestKnownOne() {
        Map<String, String> expected = Map.of(
                "audguard.disable-audience-checks=true", "audguard.disable-audience-check",
                "audguard.audience=service-b", "audguard.audiences",
                "audguard.issuers[0].jwk-set-url=https://idp.example.com/certs", "audguard.issuers[0].jwk-set-uri",
                "audguard.exchange.targets.service-c.base-uri=https://c.internal", "audguard.exchange.targets.service-c.base-url",
                "audguard.paths[0].scope=admin", "audguard.paths[0].scopes");
        expected.forEach((property, nearest) -> runner
                .withPropertyValues(JWT + "issuer-uri=https://idp.example.com/realms/demo", JWT + "audiences=service-b", property)
                .run(context -> {
                    String written = property.substring(0, property.indexOf('='));
                    FailureAnalysis analysis = ContextRunners.analysis(context);
                    assertThat(analysis.getDescription()).as(property).isEqualTo("audguard: " + written
                            + " is not a known property; the nearest known one is " + nearest + ".");
                    assertThat(analysis.getAction()).as(property).isEqualTo("Correct it to " + nearest
                            + ", or remove it (the audguard.* properties are listed in the adapter-spring README).");
                }));
    }

    @Test
    void everyDocumentedPropertyIsKnown() {
        runner.withPropertyValues(JWT + "issuer-uri=https://idp.example.com/realms/demo", JWT + "audiences=service-b",
                        "audguard.issuers[0].uri=https://partner.example.com", "audguard.issuers[0].audiences=b",
                        "audguard.issuers[0].audience-match=all-of", "audguard.issuers[0].jws-algorithms=ES256",
                        "audguard.paths[0].pattern=/a/**", "audguard.paths[0].scopes=a", "audguard.paths[0].audience-match=any-of",
                        "audguard.paths[0].audiences=x", "audguard.authorities.client-roles=x", "audguard.authorities.role-prefix=R_",
                        "audguard.key-cache.stale-tolerance=1h", "audguard.verified-token-cache.enabled=true",
                        "audguard.resource-metadata.resource-name=Orders", "audguard.default-chain.permit-all=/health",
                        "audguard.realm=orders", "audguard.retry-after=5s", "audguard.require-access-token-type=false")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aSecretWithAnUnresolvedPlaceholderRefusesToStartWithoutEchoingIt() {
        runner.withPropertyValues(JWT + "issuer-uri=https://idp.example.com/realms/demo", JWT + "audiences=service-b",
                        "audguard.exchange.client-id=service-b", "audguard.exchange.client-secret=${SERVICE_B_SECRET}",
                        "audguard.exchange.targets.c.base-url=https://c.internal", "audguard.exchange.targets.c.audience=c")
                .run(refusesToStart("audguard: audguard.exchange.client-secret holds the "
                        + "unresolved placeholder ${SERVICE_B_SECRET}, so its literal text would be sent as the secret.",
                        "Define SERVICE_B_SECRET (an environment variable or a "
                        + "property), or set audguard.exchange.client-secret to the secret itself."));
        runner.withPropertyValues(JWT + "issuer-uri=https://idp.example.com/realms/demo", JWT + "audiences=service-b",
                        "audguard.exchange.client-id=service-b", "audguard.exchange.client-secret=${SERVICE_B_SECRET}",
                        "SERVICE_B_SECRET=b-secret",
                        "audguard.exchange.targets.c.base-url=https://c.internal", "audguard.exchange.targets.c.audience=c")
                .run(context -> assertThat(context).hasNotFailed());
    }

}
