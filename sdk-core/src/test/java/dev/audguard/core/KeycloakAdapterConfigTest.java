package dev.audguard.core;

import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Base64;

import static dev.audguard.core.TestTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeycloakAdapterConfigTest {
    private final MutableClock clock = MutableClock.atDefaultStart();
    private static final String REALM_KEY = Base64.getEncoder().encodeToString(publicKey());

    private static byte[] publicKey() {
        try {
            return TestKeys.RSA.toPublicKey().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String file(String extra) {
        return "{\"realm\":\"demo\",\"auth-server-url\":\"https://idp.example.com/\",\"resource\":\"orders-api\","
                + "\"realm-public-key\":\"" + REALM_KEY + "\",\"credentials\":{\"secret\":\"s3cr3t\"}" + extra + "}";
    }

    @Test
    void readsEveryFieldAServiceNeeds(@TempDir Path dir) throws Exception {
        Path path = Files.writeString(dir.resolve("keycloak.json"), "{\"realm\":\"demo\",\"auth-server-url\":\"https://idp.example.com/auth\","
                + "\"resource\":\"orders-api\",\"verify-token-audience\":true,\"min-time-between-jwks-requests\":30,"
                + "\"public-key-cache-ttl\":3600,\"use-resource-role-mappings\":true,\"principal-attribute\":\"preferred_username\","
                + "\"ssl-required\":\"all\",\"bearer-only\":true,\"confidential-port\":0}");

        KeycloakAdapterConfig config = KeycloakAdapterConfig.load(path);

        assertThat(config.issuer()).isEqualTo("https://idp.example.com/auth/realms/demo");
        assertThat(config.resource()).contains("orders-api");
        assertThat(config.verifyTokenAudience()).contains(true);
        assertThat(config.minTimeBetweenJwksRequests()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.publicKeyCacheTtl()).contains(Duration.ofHours(1));
        assertThat(config.useResourceRoleMappings()).isTrue();
        assertThat(config.principalAttribute()).isEqualTo("preferred_username");
        assertThat(config.sslRequired()).isEqualTo("all");
        assertThat(config.realmPublicKey()).isEmpty();
    }

    @Test
    void defaultsFollowKeycloak() {
        KeycloakAdapterConfig config = KeycloakAdapterConfig.parse("{\"realm\":\"demo\",\"auth-server-url\":\"http://localhost:8080\"}");

        assertThat(config.issuer()).isEqualTo("http://localhost:8080/realms/demo");
        assertThat(config.minTimeBetweenJwksRequests()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.principalAttribute()).isEqualTo("sub");
        assertThat(config.sslRequired()).isEqualTo("external");
        assertThat(config.useResourceRoleMappings()).isFalse();
    }

    @Test
    void aFileWithoutRealmOrServerUrlIsRefusedNamingTheField() {
        assertThatThrownBy(() -> KeycloakAdapterConfig.parse("{\"auth-server-url\":\"https://x\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"realm\"");
        assertThatThrownBy(() -> KeycloakAdapterConfig.parse("{\"realm\":\"demo\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth-server-url");
        assertThatThrownBy(() -> KeycloakAdapterConfig.parse("{\"realm\":\"demo\",\"auth-server-url\":\"https://x\","
                + "\"min-time-between-jwks-requests\":\"soon\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min-time-between-jwks-requests");
        assertThatThrownBy(() -> KeycloakAdapterConfig.parse("[]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMinimumIntervalBelowOneSecondIsRefusedNamingTheField() {
        // Keycloak's adapters read 0 as "no throttle": 200 junk kids made 200 JWKS fetches
        assertThatThrownBy(() -> KeycloakAdapterConfig.parse("{\"realm\":\"demo\",\"auth-server-url\":\"https://x\","
                + "\"min-time-between-jwks-requests\":0}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keycloak.json").hasMessageContaining("\"min-time-between-jwks-requests\" must be at least 1");
        assertThatThrownBy(() -> new KeycloakAdapterConfig("demo", "https://x", Optional.empty(), Optional.empty(),
                Duration.ofMillis(999), Optional.empty(), false, "sub", "external", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minTimeBetweenJwksRequests");
        assertThat(KeycloakAdapterConfig.parse("{\"realm\":\"demo\",\"auth-server-url\":\"https://x\","
                + "\"min-time-between-jwks-requests\":1}").minTimeBetweenJwksRequests()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void byDefaultTheResourceIsTheRequiredAudience() {
        TokenValidator validator = TokenValidator.builder().keycloak(KeycloakAdapterConfig.parse(file(""))).clock(clock).build();
        String issuer = "https://idp.example.com/realms/demo";

        assertThat(validator.validate(valid(clock).claim("iss", issuer).claim("aud", "orders-api").sign()).issuer()).isEqualTo(issuer);
        assertThat(TokenValidatorTest.reasonOf(() -> validator.validate(valid(clock).claim("iss", issuer).claim("aud", "other").sign())))
                .isEqualTo(Reason.AUDIENCE_MISMATCH);
    }

    @Test
    void verifyTokenAudienceFalseStillNeedsTheOptOutInCode() {
        KeycloakAdapterConfig config = KeycloakAdapterConfig.parse(file(",\"verify-token-audience\":false"));

        assertThatThrownBy(() -> TokenValidator.builder().keycloak(config).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("verify-token-audience=false")
                .hasMessageContaining("disableAudienceCheck()");
        TokenValidator optedOut = TokenValidator.builder().keycloak(config).disableAudienceCheck().clock(clock).build();
        assertThat(optedOut.validate(valid(clock).claim("iss", config.issuer()).claim("aud", "anyone").sign())).isNotNull();
    }

    @Test
    void theFileNeverNamesTheSecretInErrors() {
        assertThatThrownBy(() -> TokenValidator.builder().keycloak(KeycloakAdapterConfig.parse(
                "{\"realm\":\"demo\",\"auth-server-url\":\"https://x\",\"credentials\":{\"secret\":\"s3cr3t\"}}")).build())
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void readsTheClientSecretForIntrospectionAndNeverPrintsIt() {
        KeycloakAdapterConfig config = KeycloakAdapterConfig.parse(file(""));
        assertThat(config.credentialsSecret()).contains("s3cr3t");
        assertThat(config.toString()).doesNotContain("s3cr3t").contains("credentialsSecret=Optional[(redacted)]");
        assertThat(KeycloakAdapterConfig.parse("{\"realm\":\"demo\",\"auth-server-url\":\"https://x\"}").credentialsSecret()).isEmpty();
        assertThatThrownBy(() -> KeycloakAdapterConfig.parse("{\"realm\":\"demo\",\"auth-server-url\":\"https://x\","
                + "\"credentials\":{\"secret\":7}}")).hasMessageContaining("\"credentials.secret\" must be a non-empty string");
    }

    @Test
    void mapsKeyRefreshSettings() {
        KeycloakAdapterConfig config = KeycloakAdapterConfig.parse("{\"realm\":\"demo\",\"auth-server-url\":\"https://idp\","
                + "\"resource\":\"r\",\"min-time-between-jwks-requests\":42,\"public-key-cache-ttl\":600}");
        TokenValidator.Builder builder = TokenValidator.builder().keycloak(config);

        assertThat(builder.keySourceSettings().unknownKeyRefreshInterval()).isEqualTo(Duration.ofSeconds(42));
        assertThat(builder.keySourceSettings().defaultLifetime()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void sslRequiredAllRefusesPlainHttpEvenOnLoopback() {
        KeycloakAdapterConfig all = KeycloakAdapterConfig.parse("{\"realm\":\"demo\",\"auth-server-url\":\"http://127.0.0.1:8080\","
                + "\"resource\":\"r\",\"ssl-required\":\"all\"}");
        KeycloakAdapterConfig external = KeycloakAdapterConfig.parse("{\"realm\":\"demo\",\"auth-server-url\":\"http://127.0.0.1:8080\","
                + "\"resource\":\"r\"}");

        assertThatThrownBy(() -> TokenValidator.builder().keycloak(all).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> TokenValidator.builder().keycloak(external).build()).doesNotThrowAnyException();
    }

    @Test
    void aStrayCommaIsReportedWithLineColumnAndWhatWasExpected() {
        assertThatThrownBy(() -> KeycloakAdapterConfig.parse("{\n  \"realm\": \"demo\",\n  \"auth-server-url\": \"https://idp.example.com\",\n}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keycloak.json is not valid JSON: line 4, column 1: expected a string (a field name) but found '}'");
    }
}
