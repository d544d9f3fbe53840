package dev.audguard.core;

import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static dev.audguard.core.TestTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sdk-core examples of the README and the Javadoc, compiled and run, so the documentation
 * cannot rot (Caffeine's {@code Snippets} idea). Keep each snippet identical to its copy in the docs.
 */
class ReadmeSnippetsTest {
    private final MutableClock clock = MutableClock.atDefaultStart();

    @Test
    void quickStart() {
        String jwks = TestKeys.jwks(TestKeys.RSA);
        String rawToken = valid(clock).claim("iss", "https://idp.example.com/realms/demo").sign();

        // README: quick start (the real one uses discovery; the test supplies the keys and the clock)
        TokenValidator validator = TokenValidator.builder()
                .issuer("https://idp.example.com/realms/demo")   // keys found through discovery
                .audience("orders-api")                           // build() fails without an audience or an explicit opt-out
                .jwks(jwks).clock(clock)
                .build();                                         // immutable, thread-safe, share one per service
        VerifiedToken token = validator.validate(rawToken);   // or throws TokenValidationException with a Reason

        assertThat(token.audiences()).contains("orders-api");
    }

    @Test
    void severalIssuers() {
        String partnerJwks = TestKeys.jwks(TestKeys.RSA_2);
        // README: several trusted issuers, each with its own policy
        TokenValidator validator = TokenValidator.builder()
                .issuer("https://idp.example.com/realms/demo", issuer -> issuer
                        .audience("orders-api"))
                .issuer("https://partner.example.org", issuer -> issuer
                        .audience("partner-orders")
                        .jwks(partnerJwks)
                        .algorithms("RS256"))
                .build();

        assertThat(validator.issuers()).hasSize(2);
    }

    @Test
    void keycloakJson() throws Exception {
        Path dir = Files.createTempDirectory("kc");
        Files.writeString(dir.resolve("keycloak.json"),
                "{\"realm\":\"demo\",\"auth-server-url\":\"https://idp.example.com\",\"resource\":\"orders-api\"}");
        String cwd = dir.toString();

        // README: moving off Keycloak's adapter
        TokenValidator validator = TokenValidator.builder()
                .keycloak(KeycloakAdapterConfig.load(Path.of(cwd, "keycloak.json")))
                .build();

        assertThat(validator.issuers()).containsExactly("https://idp.example.com/realms/demo");
    }

    @Test
    void answeringARefusal() {
        TokenValidator validator = TokenValidator.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .jwks(TestKeys.jwks(TestKeys.RSA)).clock(clock).build();
        String authorization = "Bearer " + valid(clock).claim("aud", "service-c").sign();

        // README: what an adapter does
        BearerChallenge challenge = BearerChallenge.builder().realm("orders").build();
        BearerErrorResponse answer;
        try {
            String raw = BearerTokens.fromHeader(authorization).orElse(null);
            if (raw == null) {
                answer = challenge.forMissingToken();                       // 401, no error attribute
            } else {
                VerifiedToken token = validator.validate(raw, Requirements.scopes("orders.read"));
                answer = null;                                              // let the request through
            }
        } catch (TokenValidationException e) {
            answer = challenge.forFailure(e);                               // 400 / 401 / 403 / 503
        }

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.wwwAuthenticate()).contains("error=\"invalid_token\"");
        assertThat(Set.of(answer.body())).isNotEmpty();
    }
}
