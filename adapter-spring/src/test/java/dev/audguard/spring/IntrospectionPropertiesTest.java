package dev.audguard.spring;

import dev.audguard.core.TokenIntrospector;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static dev.audguard.spring.ContextRunners.refusesToStart;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up refusals of {@code audguard.introspection.*}, each with the exact message a user reads.
 * Building an introspector never touches the network, so the issuer here need not exist.
 */
class IntrospectionPropertiesTest {
    private static final String ISSUER = "http://127.0.0.1:1/realms/demo";
    private static final String ENDPOINT = ISSUER + "/protocol/openid-connect/token/introspect";
    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    private final WebApplicationContextRunner servlet = ContextRunners.servlet()
            .withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b");

    @Test
    void aCompleteIntrospectionConfigurationBuildsTheIntrospectorForTheOnlyIssuer() {
        servlet.withPropertyValues("audguard.introspection.endpoint=" + ENDPOINT, "audguard.introspection.client-id=service-b",
                        "audguard.introspection.client-secret=b-secret", "audguard.introspection.mode=every-token")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(TokenIntrospector.class).issuer()).isEqualTo(ISSUER);
                });
    }

    @Test
    void withoutAnEndpointNoIntrospectorIsBuilt() {
        servlet.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TokenIntrospector.class));
    }

    @Test
    void aClientWithoutAnEndpointBuildsAnIntrospectorThatDiscoversIt() {
        servlet.withPropertyValues("audguard.introspection.client-id=service-b", "audguard.introspection.client-secret=b-secret")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    TokenIntrospector introspector = context.getBean(TokenIntrospector.class);
                    assertThat(introspector.issuer()).isEqualTo(ISSUER);
                    assertThat(introspector.health().endpoint()).as("found at the first introspection").isEmpty();
                });
    }

    @Test
    void introspectionPropertiesWithoutAClientRefuseToStart() {
        servlet.withPropertyValues("audguard.introspection.client-secret=b-secret", "audguard.introspection.mode=every-token")
                .run(refusesToStart("audguard: audguard.introspection.client-secret, "
                        + "audguard.introspection.mode are set without audguard.introspection.client-id, so no "
                        + "token would be introspected.",
                        "Set audguard.introspection.client-id to this service's client at "
                        + "the issuer (the endpoint is discovered from the issuer's metadata, or set audguard.introspection.endpoint), "
                        + "or remove the audguard.introspection.* properties."));
    }

    @Test
    void anUnresolvedPlaceholderInTheClientSecretRefusesToStart() {
        servlet.withPropertyValues("audguard.introspection.endpoint=" + ENDPOINT, "audguard.introspection.client-id=service-b",
                        "audguard.introspection.client-secret=${INTROSPECTION_SECRET}")
                .run(refusesToStart("audguard: audguard.introspection.client-secret holds "
                        + "the unresolved placeholder ${INTROSPECTION_SECRET}, so its literal text would be sent as the secret.",
                        "Define INTROSPECTION_SECRET (an environment variable or a "
                        + "property), or set audguard.introspection.client-secret to the secret itself."));
    }

    @Test
    void aMissingClientSecretRefusesToStartNamingTheProperty() {
        servlet.withPropertyValues("audguard.introspection.endpoint=" + ENDPOINT, "audguard.introspection.client-id=service-b")
                .run(refusesToStart("audguard: audguard.introspection.client-secret is missing.",
                        "Set audguard.introspection.client-secret to the secret of "
                        + "audguard.introspection.client-id (e.g. ${INTROSPECTION_SECRET}), or "
                        + "audguard.introspection.private-key-location to its private key for private_key_jwt."));
    }

    @Test
    void anIssuerThatIsNotTrustedRefusesToStart() {
        servlet.withPropertyValues("audguard.introspection.endpoint=" + ENDPOINT, "audguard.introspection.client-id=service-b",
                        "audguard.introspection.client-secret=b-secret", "audguard.introspection.issuer=" + ISSUER + "/")
                .run(refusesToStart("audguard: audguard.introspection.issuer (" + ISSUER
                        + "/) is not a trusted issuer [" + ISSUER + "].",
                        "Set audguard.introspection.issuer to one of the trusted "
                        + "issuers, exactly as its tokens carry it in iss."));
    }

    @Test
    void aPlainHttpEndpointOnAnotherHostRefusesToStartNamingTheProperty() {
        servlet.withPropertyValues("audguard.introspection.endpoint=http://idp.example.com/introspect",
                        "audguard.introspection.client-id=service-b", "audguard.introspection.client-secret=b-secret")
                .run(context -> assertThat(ContextRunners.analysis(context).getDescription())
                        .startsWith("audguard: audguard.introspection.endpoint (http://idp.example.com/introspect)"));
    }

    @Test
    void anInvalidLimitRefusesToStartNamingTheProperty() {
        servlet.withPropertyValues("audguard.introspection.endpoint=" + ENDPOINT, "audguard.introspection.client-id=service-b",
                        "audguard.introspection.client-secret=b-secret", "audguard.introspection.max-in-flight=0")
                .run(refusesToStart("audguard: audguard.introspection.max-in-flight: "
                        + "maxInFlight must be at least 1",
                        "Correct audguard.introspection.max-in-flight."));
    }

    // ---- private_key_jwt, RFC 9701, Spring's opaquetoken properties

    private static final String IN = "audguard.introspection.";
    private static final String OPAQUE = "spring.security.oauth2.resourceserver.opaquetoken.";

    @TempDir
    static Path files;

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String write(String name, String content) throws Exception {
        Path file = files.resolve(name);
        Files.writeString(file, content);
        return file.toString();
    }

    private static String rsaPem() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return write("rsa.pem", pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()));
    }

    private void refused(String description, String action, String... properties) {
        servlet.withPropertyValues(properties).run(refusesToStart(description,
                action));
    }

    @Test
    void aPkcs8PemKeyBuildsAPrivateKeyJwtClient() throws Exception {
        String key = rsaPem();
        servlet.withPropertyValues(IN + "client-id=service-b", IN + "private-key-location=" + key, IN + "private-key-id=k1",
                IN + "private-key-algorithm=PS256").run(context -> assertThat(context).hasNotFailed().hasSingleBean(TokenIntrospector.class));
    }

    @Test
    void aSecretAndAKeyTogetherRefuseToStart() throws Exception {
        String key = rsaPem();
        refused("audguard: audguard.introspection.client-secret and audguard.introspection.private-key-location are both set; "
                        + "a client authenticates one way.",
                "Keep audguard.introspection.client-secret (client_secret_basic) or audguard.introspection.private-key-location "
                        + "(private_key_jwt).",
                IN + "client-id=service-b", IN + "client-secret=b-secret", IN + "private-key-location=" + key);
    }

    @Test
    void aKeyIdWithoutAKeyRefusesToStart() {
        refused("audguard: audguard.introspection.private-key-id is set without audguard.introspection.private-key-location, "
                        + "so there is no key it could describe.",
                "Set audguard.introspection.private-key-location to the client's private key, or remove "
                        + "audguard.introspection.private-key-id.",
                IN + "client-id=service-b", IN + "client-secret=b-secret", IN + "private-key-id=k1");
    }

    @Test
    void aPkcs1OrSec1KeyRefusesToStartSayingHowToConvertIt() throws Exception {
        String key = write("sec1.pem", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");
        refused("audguard: audguard.introspection.private-key-location (" + key + ") is a PKCS#1 or SEC1 key; audguard reads "
                        + "PKCS#8 (BEGIN PRIVATE KEY) or a JWK.",
                "Convert it to unencrypted PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem), or point "
                        + "audguard.introspection.private-key-location at a private JWK.",
                IN + "client-id=service-b", IN + "private-key-location=" + key);
    }

    @Test
    void anUnreadableKeyFileRefusesToStartNamingTheProperty() {
        servlet.withPropertyValues(IN + "client-id=service-b", IN + "private-key-location=classpath:no-such-key.pem")
                .run(context -> assertThat(ContextRunners.analysis(context).getDescription())
                        .startsWith("audguard: audguard.introspection.private-key-location cannot be read"));
    }

    @Test
    void anAlgorithmThatDoesNotFitTheKeyRefusesToStartNamingTheProperty() throws Exception {
        String key = rsaPem();
        servlet.withPropertyValues(IN + "client-id=service-b", IN + "private-key-location=" + key, IN + "private-key-algorithm=ES256")
                .run(context -> {
                    FailureAnalysis analysis = ContextRunners.analysis(context);
                    assertThat(analysis.getDescription()).startsWith("audguard: audguard.introspection.private-key-algorithm");
                    assertThat(analysis.getDescription()).doesNotContain(Files.readString(Path.of(key)).substring(40, 80));
                });
    }

    @Test
    void aKeyIdBesideAJwkRefusesToStart() throws Exception {
        String jwk = write("key.jwk", new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k1").generate().toJSONString());
        refused("audguard: audguard.introspection.private-key-id is set, but audguard.introspection.private-key-location (" + jwk
                        + ") is a JWK, which names its own kid and alg.",
                "Remove audguard.introspection.private-key-id, or put the value into the JWK.",
                IN + "client-id=service-b", IN + "private-key-location=" + jwk, IN + "private-key-id=k2");
    }

    @Test
    void signedAnswersWhenOfferedWithAConfiguredEndpointRefuseToStart() {
        refused("audguard: audguard.introspection.jwt-responses=when-offered reads introspection_signing_alg_values_supported "
                        + "from the issuer's discovery document, but audguard.introspection.endpoint is set, so that document is not read.",
                "Remove audguard.introspection.endpoint (the endpoint is discovered too), or set "
                        + "audguard.introspection.jwt-responses=required.",
                IN + "endpoint=" + ENDPOINT, IN + "client-id=service-b", IN + "client-secret=b-secret", IN + "jwt-responses=when-offered");
    }

    @Test
    void requiredSignedAnswersBuildWithAConfiguredEndpoint() {
        servlet.withPropertyValues(IN + "endpoint=" + ENDPOINT, IN + "client-id=service-b", IN + "client-secret=b-secret",
                IN + "jwt-responses=required").run(context -> assertThat(context).hasNotFailed().hasSingleBean(TokenIntrospector.class));
    }

    @Test
    void springsOpaqueTokenPropertiesAloneTurnIntrospectionOn() {
        servlet.withPropertyValues(OPAQUE + "introspection-uri=" + ENDPOINT, OPAQUE + "client-id=service-b", OPAQUE + "client-secret=b-secret")
                .run(context -> assertThat(context.getBean(TokenIntrospector.class).health().endpoint()).contains(ENDPOINT));
    }

    @Test
    void audguardAndSpringDisagreeingRefuseToStartNamingBoth() {
        refused("audguard: audguard.introspection.client-id (service-b) and " + OPAQUE + "client-id (service-c) are both set and "
                        + "disagree.",
                "Keep one of audguard.introspection.client-id and " + OPAQUE + "client-id, or give them the same value.",
                IN + "client-id=service-b", IN + "client-secret=b-secret", OPAQUE + "client-id=service-c");
    }

    @Test
    void disagreeingSecretsAreNamedButNeverShown() {
        servlet.withPropertyValues(IN + "client-id=service-b", IN + "client-secret=first-secret", OPAQUE + "client-secret=second-secret")
                .run(context -> {
                    FailureAnalysis analysis = ContextRunners.analysis(context);
                    assertThat(analysis.getDescription()).isEqualTo("audguard: audguard.introspection.client-secret and " + OPAQUE
                            + "client-secret are both set and disagree.");
                    assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("first-secret", "second-secret");
                });
    }
}
