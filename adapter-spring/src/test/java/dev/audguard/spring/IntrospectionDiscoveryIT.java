package dev.audguard.spring;

import dev.audguard.spring.actuate.AudguardHealthIndicator;
import dev.audguard.spring.server.AudguardJwtException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenIntrospector;
import dev.audguard.issuer.RecordedRequest;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.issuer.internal.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code audguard.introspection.*} without an endpoint (discovered), with {@code private_key_jwt}
 * from a PEM or JWK file, with RFC 9701 signed answers, and Spring's
 * {@code spring.security.oauth2.resourceserver.opaquetoken.*}: real HTTP against the reference
 * issuer, whose service-a hands out opaque tokens that only service-b may introspect.
 */
class IntrospectionDiscoveryIT {
    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";
    private static final String IN = "audguard.introspection.";

    @TempDir
    static Path files;

    private static RSAKey clientKey;
    /** service-b authenticates with private_key_jwt and gets PS256-signed introspection answers. */
    private static ReferenceIssuer signing;
    /** service-b authenticates with its secret and gets plain JSON, as from Keycloak 26. */
    private static ReferenceIssuer plain;

    @SuppressWarnings("unchecked")
    private static Realm demo(Map<String, Object> serviceB) throws Exception {
        Map<String, Object> doc;
        try (InputStream in = IntrospectionDiscoveryIT.class.getClassLoader().getResourceAsStream(Realm.DEMO_RESOURCE)) {
            doc = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).orElseThrow();
        }
        for (Object c : (List<Object>) doc.get("clients")) {
            Map<String, Object> client = (Map<String, Object>) c;
            Map<String, Object> attributes = (Map<String, Object>) client.computeIfAbsent("attributes", k -> new LinkedHashMap<>());
            if ("service-a".equals(client.get("clientId"))) {
                attributes.put("reference-issuer.opaque.access.token", "true");
            }
            if ("service-b".equals(client.get("clientId"))) {
                serviceB.forEach((k, v) -> {
                    if (k.startsWith("attributes.")) {
                        attributes.put(k.substring("attributes.".length()), v);
                    } else {
                        client.put(k, v);
                    }
                });
            }
        }
        return Realm.fromJson(Json.write(doc));
    }

    @BeforeAll
    static void start() throws Exception {
        clientKey = new RSAKeyGenerator(2048).keyID("service-b-key").generate();
        signing = ReferenceIssuer.builder().realm(demo(Map.of("clientAuthenticatorType", "client-jwt",
                "attributes.use.jwks.string", "true",
                "attributes.jwks.string", new JWKSet(clientKey.toPublicJWK()).toString(),
                "attributes.introspection.signed.response.alg", "PS256"))).start();
        plain = ReferenceIssuer.builder().realm(demo(Map.of())).start();
        Files.writeString(files.resolve("service-b.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(clientKey.toPrivateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(files.resolve("service-b.jwk"), clientKey.toJSONString());
    }

    @AfterAll
    static void stop() {
        if (signing != null) {
            signing.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    private static ApplicationContextRunner runner(RealmHandle realm) {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class))
                .withPropertyValues(JWT + "issuer-uri=" + realm.issuerUrl(), JWT + "audiences=service-b");
    }

    private static String opaque(RealmHandle realm) {
        String token = realm.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        assertThat(token).as("an opaque token").doesNotContain(".");
        return token;
    }

    @Test
    void theEndpointIsDiscoveredTheClientSignsAPemKeyAssertionAndTheSignedAnswerIsVerified() {
        RealmHandle realm = signing.realm("demo");
        String token = opaque(realm);
        realm.requests().clear();
        runner(realm).withPropertyValues(IN + "client-id=service-b", IN + "private-key-location=" + files.resolve("service-b.pem"),
                        IN + "private-key-id=service-b-key", IN + "private-key-algorithm=PS256", IN + "jwt-responses=when-offered")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(JwtDecoder.class).decode(token).getSubject()).isEqualTo(realm.subjectOf("alice"));
                    assertThat(context.getBean(TokenIntrospector.class).health().endpoint())
                            .contains(realm.introspectionEndpoint().toString());
                });
        List<RecordedRequest> introspections = realm.requests().to("introspect");
        assertThat(introspections).hasSize(1);
        assertThat(introspections.get(0).clientAuthenticated()).isTrue();
        assertThat(introspections.get(0).parameter("client_assertion_type"))
                .contains("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        assertThat(realm.requests().to("discovery")).isNotEmpty();
    }

    @Test
    void aPrivateJwkFileNamesItsOwnKidAndAlgorithm() {
        RealmHandle realm = signing.realm("demo");
        String token = opaque(realm);
        runner(realm).withPropertyValues(IN + "client-id=service-b", IN + "private-key-location=" + files.resolve("service-b.jwk"),
                        IN + "jwt-responses=required")
                .run(context -> assertThat(context.getBean(JwtDecoder.class).decode(token).getSubject())
                        .isEqualTo(realm.subjectOf("alice")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void requiredSignedAnswersFromAnIssuerWithoutThemAre503NeverAnAcceptance() {
        RealmHandle realm = plain.realm("demo");
        String token = opaque(realm);
        runner(realm).withPropertyValues(IN + "client-id=service-b", IN + "client-secret=b-secret", IN + "jwt-responses=required")
                .run(context -> {
                    assertThatThrownBy(() -> context.getBean(JwtDecoder.class).decode(token))
                            .isInstanceOfSatisfying(AudguardJwtException.class,
                                    e -> assertThat(e.reason()).isEqualTo(Reason.INTROSPECTION_ANSWER_REJECTED));
                    Map<String, Object> health = new AudguardHealthIndicator(context.getBean(dev.audguard.core.TokenValidator.class),
                            context.getBean(TokenIntrospector.class)).health().getDetails();
                    assertThat((Map<String, Object>) health.get("introspection")).containsEntry("status", "DOWN")
                            .containsEntry("lastProblem", "jwt_answer_expected");
                });
    }

    @Test
    void springsOpaqueTokenPropertiesAreHonoured() {
        RealmHandle realm = plain.realm("demo");
        String token = opaque(realm);
        String spring = "spring.security.oauth2.resourceserver.opaquetoken.";
        runner(realm).withPropertyValues(spring + "introspection-uri=" + realm.introspectionEndpoint(), spring + "client-id=service-b",
                        spring + "client-secret=b-secret")
                .run(context -> {
                    assertThat(context.getBean(JwtDecoder.class).decode(token).getSubject()).isEqualTo(realm.subjectOf("alice"));
                    assertThat(context.getBean(TokenIntrospector.class).health().endpoint())
                            .contains(realm.introspectionEndpoint().toString());
                });
        // without the endpoint, Spring's client alone discovers it too
        runner(realm).withPropertyValues(spring + "client-id=service-b", spring + "client-secret=b-secret")
                .run(context -> assertThat(context.getBean(JwtDecoder.class).decode(token).getSubject())
                        .isEqualTo(realm.subjectOf("alice")));
    }
}
