package dev.audguard.core;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Key fetches, discovery and introspection against an issuer whose certificate a private CA signed
 * (issue 16): the reference issuer over HTTPS with a CA generated at its start, which the JVM does
 * not trust. Without the CA's {@code SSLContext} every fetch fails closed (503 family); with it
 * tokens are accepted.
 */
class PrivateCaIT {
    static ReferenceIssuer issuer;
    static RealmHandle demo;
    static SSLContext privateCa;

    @BeforeAll
    static void start() {
        issuer = ReferenceIssuer.builder().https().start();
        demo = issuer.realm("demo");
        privateCa = issuer.tls().sslContext();
        assertThat(demo.issuerUrl()).startsWith("https://");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    static Consumer<TokenValidator.RemoteKeys> generousTimeouts() {
        return k -> k.connectTimeout(Duration.ofSeconds(20)).requestTimeout(Duration.ofSeconds(20));
    }

    static Reason reason(Runnable call) {
        return catchThrowableOfType(TokenValidationException.class, call::run).reason();
    }

    @Test
    void discoveryWithoutThePrivateCaFailsClosed() {
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b")
                .remoteKeys(generousTimeouts()).build();
        String token = demo.mint().audience("service-b").sign();

        assertThat(reason(() -> validator.validate(token))).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(validator.health()).singleElement().satisfies(h -> {
            assertThat(h.isUsable()).isFalse();
            assertThat(h.lastProblem()).hasValueSatisfying(p -> assertThat(p).contains("TLS handshake failed"));
        });
        // the front door answers it as the 503 family, never as a bad token
        Outcome outcome = ProtectedResource.builder(validator).build()
                .authenticate(ResourceRequest.builder().method("GET").path("/orders").authorization("Bearer " + token).build());
        assertThat(outcome.isRefused()).isTrue();
        assertThat(outcome.refused().answer().status()).isEqualTo(503);
    }

    @Test
    void discoveryWithThePrivateCaAcceptsTokens() {
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b")
                .remoteKeys(generousTimeouts().andThen(k -> k.sslContext(privateCa))).build();

        assertThat(validator.validate(demo.mint().audience("service-b").subject("alice").sign()).subject())
                .contains(demo.subjectOf("alice"));
    }

    @Test
    void aJwksUriWithoutThePrivateCaFailsClosedAndWithItAcceptsTokens() {
        String token = demo.mint().audience("service-b").sign();
        TokenValidator without = TokenValidator.builder().issuer(demo.issuerUrl(), o -> o.jwksUri(demo.jwksUri()))
                .audience("service-b").remoteKeys(generousTimeouts()).build();
        TokenValidator with = TokenValidator.builder().issuer(demo.issuerUrl(), o -> o.jwksUri(demo.jwksUri()))
                .audience("service-b").remoteKeys(generousTimeouts().andThen(k -> k.sslContext(privateCa))).build();

        assertThat(reason(() -> without.validate(token))).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(with.validate(token).audiences()).contains("service-b");
    }

    @Test
    void introspectionWithoutThePrivateCaFailsClosedAndWithItAnswers() {
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        TokenIntrospector without = TokenIntrospector.builder(demo.issuerUrl()).endpoint(demo.introspectionEndpoint())
                .clientSecretBasic("service-b", "b-secret").audience("service-b")
                .connectTimeout(Duration.ofSeconds(20)).requestTimeout(Duration.ofSeconds(20)).build();
        TokenIntrospector with = TokenIntrospector.builder(demo.issuerUrl()).endpoint(demo.introspectionEndpoint())
                .clientSecretBasic("service-b", "b-secret").audience("service-b").sslContext(privateCa)
                .connectTimeout(Duration.ofSeconds(20)).requestTimeout(Duration.ofSeconds(20)).build();

        Reason refused = reason(() -> without.introspect(token, Requirements.none()));
        assertThat(refused.httpStatus()).isEqualTo(503);
        assertThat(with.introspect(token, Requirements.none()).subject()).contains(demo.subjectOf("alice"));
    }

    @Test
    void introspectionDiscoveryUsesThePrivateCaToo() {
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        TokenIntrospector without = TokenIntrospector.builder(demo.issuerUrl()).discoverEndpoint()
                .clientSecretBasic("service-b", "b-secret").audience("service-b")
                .connectTimeout(Duration.ofSeconds(20)).requestTimeout(Duration.ofSeconds(20)).build();
        TokenIntrospector with = TokenIntrospector.builder(demo.issuerUrl()).discoverEndpoint()
                .clientSecretBasic("service-b", "b-secret").audience("service-b").sslContext(privateCa)
                .connectTimeout(Duration.ofSeconds(20)).requestTimeout(Duration.ofSeconds(20)).build();

        assertThat(reason(() -> without.introspect(token, Requirements.none())).httpStatus()).isEqualTo(503);
        assertThat(with.introspect(token, Requirements.none()).subject()).contains(demo.subjectOf("alice"));
    }
}
