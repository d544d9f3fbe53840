package dev.audguard.core;

import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The block of {@code docs/introspection.md}, compiled and run against the reference issuer; the
 * test also checks that the document shows exactly these lines (lines marked {@code // test only}
 * supply the issuer and the secret).
 */
class IntrospectionDocTest {

    @Test
    void theDocumentedSetUpIntrospectsAndReportsHealth() {
        try (ReferenceIssuer reference = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start()) {
            RealmHandle demo = reference.realm("demo");
            String issuer = demo.issuerUrl();                                       // test only
            String secret = "b-secret";                                            // test only
            String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

            // doc:introspection {
            TokenValidator validator = TokenValidator.builder()
                    .issuer(issuer)
                    .audience("service-b")
                    .build();
            TokenIntrospector introspector = TokenIntrospector.builder(issuer)
                    .discoverEndpoint()                           // introspection_endpoint from the issuer's metadata
                    .clientSecretBasic("service-b", secret)       // or clientSecretPost(..), privateKeyJwt(..)
                    .audience("service-b")                        // the answer's aud must name this service too
                    .build();
            ProtectedResource resource = ProtectedResource.builder(validator)
                    .introspection(introspector, IntrospectionMode.JWT_THEN_INTROSPECT)
                    .build();
            IntrospectionHealth health = introspector.health();   // UP, NOT_CALLED or DOWN; last problem; counters
            // doc:introspection }

            assertThat(health.status()).isEqualTo(IntrospectionHealth.Status.NOT_CALLED);
            Outcome outcome = resource.authenticate(ResourceRequest.builder().method("GET").path("/orders")
                    .authorization("Bearer " + token).build());
            assertThat(outcome.isAccepted()).isTrue();
            assertThat(introspector.health().status()).isEqualTo(IntrospectionHealth.Status.UP);
            assertThat(introspector.health().calls()).isEqualTo(1);
        }
    }

    @Test
    void theSignedAnswersBlockVerifiesTheReferenceIssuersRfc9701Answers() throws Exception {
        try (ReferenceIssuer reference = ReferenceIssuer.builder()
                .realm(JwtIntrospectionResponseIT.demoWith(java.util.Map.of("introspection.signed.response.alg", "PS256"))).start()) {
            RealmHandle demo = reference.realm("demo");
            String issuer = demo.issuerUrl();
            String secret = "b-secret";
            TokenValidator validator = TokenValidator.builder().issuer(issuer).audience("service-b").build();
            String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

            // doc:signed-answers {
            TokenIntrospector signed = TokenIntrospector.builder(issuer)
                    .discoverEndpoint()
                    .clientSecretBasic("service-b", secret)
                    .audience("service-b")
                    .jwtResponsesWhenOffered(validator)   // signed answers once the issuer's metadata offers them
                    .build();                             // or requireJwtResponses(validator): signed answers or nothing
            // doc:signed-answers }

            assertThat(signed.introspect(token, Requirements.none()).subject()).contains(demo.subjectOf("alice"));
            assertThat(demo.requests().to("introspect")).hasSize(1);
        }
    }

    @Test
    void theDocumentShowsTheCompiledBlocks() throws IOException {
        String doc = Files.readString(Path.of("../docs/introspection.md"));
        int start = doc.indexOf("```java\n") + "```java\n".length();
        assertThat(lines(doc.substring(start, doc.indexOf("```", start)))).isEqualTo(compiledLines("introspection"));
        int second = doc.indexOf("```java\n", start) + "```java\n".length();
        assertThat(lines(doc.substring(second, doc.indexOf("```", second)))).isEqualTo(compiledLines("signed-answers"));
    }

    private static List<String> compiledLines(String name) throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/audguard/core/IntrospectionDocTest.java"));
        String marker = "// doc:" + name + " {\n";
        int from = source.indexOf(marker) + marker.length();
        return lines(source.substring(from, source.indexOf("// doc:" + name + " }", from))).stream()
                .filter(l -> !l.endsWith("// test only")).toList();
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
