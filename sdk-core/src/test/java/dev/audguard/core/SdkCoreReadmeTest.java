package dev.audguard.core;

import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.audguard.core.TestTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The opening block of {@code sdk-core/README.md}, compiled and run here; the test also checks that
 * the README shows exactly these lines (lines marked {@code // test only} supply keys and clock).
 */
class SdkCoreReadmeTest {
    private final MutableClock clock = MutableClock.atDefaultStart();

    @Test
    void theOpeningBlockBuildsTheValidatorAndTheFrontDoor() {
        String jwks = TestKeys.jwks(TestKeys.RSA);
        String authorizationHeader = "Bearer " + valid(clock).claim("scope", "reports:read").sign();
        HttpAnswer refusedWith = null;
        VerifiedToken acceptedWith = null;

        // readme:front-door {
        TokenValidator validator = TokenValidator.builder()
                .issuer("https://idp.example.com/realms/demo")    // keys found through discovery
                .audience("orders-api")                            // build() fails without an audience or an explicit opt-out
                .jwks(jwks).clock(clock)                           // test only
                .build();                                          // immutable, thread-safe, share one per service
        ProtectedResource resource = ProtectedResource.builder(validator)
                .realm("orders")
                .resourceMetadata(URI.create("https://orders.example.com"))
                .unprotected("/health")
                .rule("/reports/*", AccessRule.authenticated().withScopes("reports:read"))
                .build();                                          // every fixed answer prepared here, bytes included

        Outcome outcome = resource.authenticate(ResourceRequest.builder()
                .method("GET").path("/reports/7").authorization(authorizationHeader).build());
        if (outcome.isRefused()) {
            HttpAnswer answer = outcome.refused().answer();        // status, headers, body: copy onto the response
            refusedWith = answer;                                  // test only
        } else if (outcome.isAccepted()) {
            VerifiedToken token = outcome.accepted().token();      // proceed as outcome.accepted().principal()
            acceptedWith = token;                                  // test only
        }
        // readme:front-door }

        assertThat(refusedWith).isNull();
        assertThat(acceptedWith.scopes()).contains("reports:read");
        assertThat(resource.authenticate(ResourceRequest.builder().path("/reports/7").build()).refused().answer().status())
                .isEqualTo(401);
    }

    @Test
    void theReadmeShowsTheCompiledBlock() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```java\n") + "```java\n".length();
        List<String> shown = lines(readme.substring(start, readme.indexOf("```", start)));

        assertThat(shown).isEqualTo(compiledLines());
    }

    @Test
    void theProjectReadmeShowsTheFrontDoorPartOfTheCompiledBlock() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int builder = readme.indexOf("ProtectedResource resource = ProtectedResource.builder(validator)");
        int start = readme.lastIndexOf("```java\n", builder) + "```java\n".length();
        List<String> shown = lines(readme.substring(start, readme.indexOf("```", start)));
        List<String> sdkCore = compiledLines();

        assertThat(shown).isEqualTo(sdkCore.subList(sdkCore.indexOf(shown.get(0)), sdkCore.size()));
    }

    private static List<String> compiledLines() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/audguard/core/SdkCoreReadmeTest.java"));
        String marker = "// readme:front-door {\n";
        int from = source.indexOf(marker) + marker.length();
        return lines(source.substring(from, source.indexOf("// readme:front-door }", from))).stream()
                .filter(l -> !l.endsWith("// test only")).toList();
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
