package dev.audguard.spring;

import dev.audguard.spring.actuate.AudguardHealthIndicator;
import dev.audguard.spring.server.AudguardJwtException;
import dev.audguard.core.Reason;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.issuer.internal.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code audguard.introspection.*} over real HTTP against the reference issuer, whose service-a
 * hands out opaque access tokens and whose introspection answers as Keycloak's does (only a client
 * in the token's audience, here service-b, gets {@code active: true}). The cases both stacks run
 * come from {@link IntrospectionContract}; the health after an outage and Keycloak's lightweight
 * tokens are this stack's own.
 */
class IntrospectionIT extends IntrospectionContract {
    @RegisterExtension
    static final MvcService service = new MvcService();
    private static ReferenceIssuer issuer;

    IntrospectionIT() {
        super(new ServiceUnderTest(demo(), service::uri, "service-a", "a-secret", "/whoami", "me:"));
    }

    /** The built-in demo realm with service-a's access tokens opaque. */
    private static Realm demoWithOpaqueTokens() throws Exception {
        return demoWith("reference-issuer.opaque.access.token");
    }

    /** The built-in demo realm with the client {@code attribute} on service-a. */
    @SuppressWarnings("unchecked")
    private static Realm demoWith(String attribute) throws Exception {
        Map<String, Object> doc;
        try (InputStream in = IntrospectionIT.class.getClassLoader().getResourceAsStream(Realm.DEMO_RESOURCE)) {
            doc = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).orElseThrow();
        }
        for (Object c : (List<Object>) doc.get("clients")) {
            Map<String, Object> client = (Map<String, Object>) c;
            if ("service-a".equals(client.get("clientId"))) {
                ((Map<String, Object>) client.computeIfAbsent("attributes", k -> new LinkedHashMap<>()))
                        .put(attribute, "true");
            }
        }
        return Realm.fromJson(Json.write(doc));
    }

    @BeforeAll
    static void start() throws Exception {
        issuer = ReferenceIssuer.builder().realm(demoWithOpaqueTokens()).start();
        service.start(Service.class,
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + demo().issuerUrl(),
                "spring.security.oauth2.resourceserver.jwt.audiences=service-b",
                "audguard.introspection.endpoint=" + demo().introspectionEndpoint(),
                "audguard.introspection.client-id=service-b", "audguard.introspection.client-secret=b-secret",
                "audguard.paths[0].pattern=/reports/**", "audguard.paths[0].audiences=reports-api",
                "audguard.retry-after=7s");
    }

    @AfterAll
    static void stop() {
        service.close(); // before the issuer, as it started after it
        if (issuer != null) {
            issuer.close();
        }
    }

    private static RealmHandle demo() {
        return issuer.realm("demo");
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void afterAnOutage() {
        Health health = service.context().getBean(AudguardHealthIndicator.class).health();
        Map<String, Object> introspection = (Map<String, Object>) health.getDetails().get("introspection");
        assertThat(introspection).containsEntry("issuer", demo().issuerUrl());
        assertThat((Long) introspection.get("failures")).isGreaterThanOrEqualTo(1L);
    }

    @Test
    void inEveryTokenModeAKeycloakLightweightTokenWithoutAudIsAcceptedThroughIntrospectionAndRefusedWithout() throws Exception {
        try (ReferenceIssuer lightweight = ReferenceIssuer.builder().realm(demoWith("client.use.lightweight.access.token.enabled")).start()) {
            RealmHandle realm = lightweight.realm("demo");
            String token = realm.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
            ApplicationContextRunner runner = new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class))
                    .withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + realm.issuerUrl(),
                            "spring.security.oauth2.resourceserver.jwt.audiences=service-b",
                            "audguard.introspection.endpoint=" + realm.introspectionEndpoint(),
                            "audguard.introspection.client-id=service-b", "audguard.introspection.client-secret=b-secret");

            runner.withPropertyValues("audguard.introspection.mode=every-token").run(context ->
                    assertThat(context.getBean(JwtDecoder.class).decode(token).getSubject()).isEqualTo(realm.subjectOf("alice")));
            // by default a JWT is checked locally only: without aud (and sub) it is refused, fail-closed
            runner.run(context -> assertThatThrownBy(() -> context.getBean(JwtDecoder.class).decode(token))
                    .isInstanceOfSatisfying(AudguardJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_CLAIM)));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Service.Api.class)
    static class Service {
        @RestController
        static class Api {
            @GetMapping("/whoami")
            String whoami(Principal principal) {
                return "me:" + principal.getName();
            }

            @GetMapping("/reports/summary")
            String reports() {
                return "reports";
            }
        }
    }
}
